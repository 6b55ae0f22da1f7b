/** Beneficiary groups 服务对象类别 (DOMAIN.md "Beneficiary groups"): one list for the server, the console and the benches. */
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

export type BeneficiaryGroupName = (typeof BENEFICIARY_GROUPS)[number];
