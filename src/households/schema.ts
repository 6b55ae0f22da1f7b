import { z } from 'zod';
import { isValidIdNumber } from '../shared/id-number.js';
import { normalisePhone } from '../shared/phone.js';
import { LocationSchema } from '../shared/geo.js';
import { BeneficiaryGroupSchema } from './groups.js';

/** A phone number in any common writing; stored normalised (digits only). */
export const PhoneSchema = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const r = normalisePhone(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  })
  .describe('手机或带区号的固定电话');

/** A 12-digit village/community code. */
export const CommunityCodeSchema = z.string().regex(/^\d{12}$/, '村(社区)编码应为 12 位数字');

const IdNumberSchema = z.string().trim().toUpperCase().refine(isValidIdNumber, '身份证号码无效（应为 18 位且校验位正确）');

/** Disability details 残疾情况 (sensitive). */
export const DisabilitySchema = z
  .object({
    kind: z.string().trim().min(1).max(30).describe('残疾类别，如 肢体、视力、听力、智力、精神'),
    grade: z.string().trim().max(10).optional().describe('残疾等级，如 一级、二级'),
    certified: z.boolean().optional().describe('是否持有残疾人证'),
    notes: z.string().trim().max(500).optional(),
  })
  .strict();

/** One member of a household (the head included, relation 本人). */
export const MemberSchema = z
  .object({
    name: z.string().trim().min(1, '姓名不能为空').max(30),
    relation: z.string().trim().min(1).max(20).describe('与户主关系：本人、配偶、子女、孙子女、父母…'),
    gender: z.enum(['male', 'female']).optional(),
    birthYear: z.number().int().min(1900).max(2100).optional(),
    idNumber: IdNumberSchema.optional(),
    phone: PhoneSchema.optional(),
    health: z.string().trim().max(500).optional().describe('健康状况（敏感）'),
    disability: DisabilitySchema.optional(),
    groups: z.array(BeneficiaryGroupSchema).default([]),
  })
  .strict();
export type Member = z.infer<typeof MemberSchema>;

/** Consent of the household to be recorded and visited (PIPL). */
export const ConsentSchema = z
  .object({
    given: z.boolean(),
    at: z.coerce.date().optional(),
    by: z.string().trim().max(30).optional().describe('表示同意的人'),
    withdrawnAt: z.coerce.date().nullable().optional(),
  })
  .strict();

/** Body of POST /api/households. */
export const HouseholdCreateSchema = z
  .object({
    communityCode: CommunityCodeSchema,
    headName: z.string().trim().min(1, '户主姓名不能为空').max(30),
    phone: PhoneSchema.optional(),
    address: z.string().trim().min(1, '地址不能为空').max(200),
    members: z.array(MemberSchema).max(30).default([]),
    groups: z.array(BeneficiaryGroupSchema).default([]),
    keyTarget: z.boolean().default(false).describe('重点对象：每月必须走访'),
    location: LocationSchema.optional(),
    consent: ConsentSchema.optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();
export type HouseholdCreate = z.infer<typeof HouseholdCreateSchema>;

/** Body of PATCH /api/households/:id: any subset; arrays replace. */
export const HouseholdPatchSchema = z
  .object({
    communityCode: CommunityCodeSchema,
    headName: z.string().trim().min(1).max(30),
    phone: PhoneSchema.nullable(),
    address: z.string().trim().min(1).max(200),
    members: z.array(MemberSchema).max(30),
    groups: z.array(BeneficiaryGroupSchema),
    keyTarget: z.boolean(),
    location: LocationSchema.nullable(),
    consent: ConsentSchema,
    notes: z.string().trim().max(2000).nullable(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, '至少修改一个字段');
export type HouseholdPatch = z.infer<typeof HouseholdPatchSchema>;

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query of GET /api/households. */
export const HouseholdListQuerySchema = z
  .object({
    communityCode: CommunityCodeSchema.optional(),
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    group: BeneficiaryGroupSchema.optional(),
    keyTarget: booleanParam.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(30)
      .optional()
      .meta({ title: '查找内容' })
      .describe('按户主或成员姓名、电话（全号或后四位）、村(社区)名称查找'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type HouseholdListQuery = z.infer<typeof HouseholdListQuerySchema>;

/** :id of a household. */
export const HouseholdIdSchema = z.object({ id: z.string().min(1).max(64) });

const MemberViewSchema = z.object({
  name: z.string(),
  relation: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  birthYear: z.number().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  health: z.string().nullable(),
  disability: DisabilitySchema.nullable(),
  groups: z.array(z.string()),
});

/** What clients see of a household; `masked` tells whether sensitive fields were hidden. */
export const HouseholdViewSchema = z.object({
  id: z.string(),
  stationCode: z.string(),
  communityCode: z.string(),
  headName: z.string(),
  phone: z.string().nullable(),
  address: z.string(),
  members: z.array(MemberViewSchema),
  groups: z.array(z.string()),
  keyTarget: z.boolean(),
  location: LocationSchema.nullable(),
  consent: z
    .object({ given: z.boolean(), at: z.date().nullable(), by: z.string().nullable(), withdrawnAt: z.date().nullable() })
    .nullable(),
  notes: z.string().nullable(),
  masked: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type HouseholdView = z.infer<typeof HouseholdViewSchema>;

/** One page of households. */
export const HouseholdPageSchema = z.object({ items: z.array(HouseholdViewSchema), nextCursor: z.string().nullable() });
