import { z } from 'zod';

import { BENEFICIARY_GROUPS } from '../contracts/groups.js';

export { BENEFICIARY_GROUPS };

/** One beneficiary group. */
export const BeneficiaryGroupSchema = z.enum(BENEFICIARY_GROUPS, { message: '未知的服务对象类别' });
export type BeneficiaryGroup = z.infer<typeof BeneficiaryGroupSchema>;

const ALIASES: Record<string, BeneficiaryGroup> = {
  低保户: '低保对象',
  低保: '低保对象',
  低保边缘户: '低保边缘',
  五保户: '特困人员',
  五保: '特困人员',
  特困供养: '特困人员',
  空巢: '空巢老人',
  独居: '独居老人',
  高龄: '高龄老人',
  残疾: '残疾人',
  大病: '重病患者',
  失业: '失业人员',
  优抚: '优抚对象',
};

/** A group from free questionnaire text ("低保户" → 低保对象), or undefined. */
export function groupFromText(text: string): BeneficiaryGroup | undefined {
  const t = text.replace(/[:：].*$/u, '').trim();
  if ((BENEFICIARY_GROUPS as readonly string[]).includes(t)) return t as BeneficiaryGroup;
  return ALIASES[t];
}
