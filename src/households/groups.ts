import { z } from 'zod';

/** Beneficiary groups 服务对象类别 (DOMAIN.md "Beneficiary groups"). */
export const BENEFICIARY_GROUPS = [
  '低保对象',
  '低保边缘',
  '特困人员',
  '空巢老人',
  '独居老人',
  '高龄老人',
  '留守老人',
  '留守儿童',
  '困境儿童',
  '孤儿',
  '事实无人抚养儿童',
  '残疾人',
  '重病患者',
  '因病致贫',
  '失业人员',
  '优抚对象',
  '其他',
] as const;

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
