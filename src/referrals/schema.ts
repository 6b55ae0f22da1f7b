import { z } from 'zod';
import { ObjectIdSchema, PageQuery } from '../station-work/schema.js';

export const ReferralStatusSchema = z.enum(['sent', 'accepted', 'resolved', 'refused', 'no_answer']);
export const REFERRAL_NAMES = {
  sent: '已转介待回复',
  accepted: '已受理',
  resolved: '已解决',
  refused: '未受理',
  no_answer: '逾期未回复',
} as const;
export const ReferralTargetKindSchema = z.enum([
  'civil_affairs',
  'disability',
  'medical_insurance',
  'health_center',
  'justice',
  'organisation',
]);
/** Default names of the offices a station refers to. */
export const TARGET_NAMES = {
  civil_affairs: '民政办',
  disability: '残联',
  medical_insurance: '医保',
  health_center: '乡镇卫生院',
  justice: '司法所',
  organisation: '社会组织',
} as const;

export const ReferralCreate = z
  .object({
    householdId: ObjectIdSchema,
    caseId: ObjectIdSchema.optional(),
    target: z
      .object({ kind: ReferralTargetKindSchema, name: z.string().trim().min(1).max(60).optional() })
      .strict()
      .refine((t) => t.kind !== 'organisation' || Boolean(t.name), { message: '转介到社会组织时请填写机构名称', path: ['name'] }),
    request: z.string().trim().min(1, '请填写转介事项').max(2000),
    sentAt: z.coerce.date().optional(),
  })
  .strict();

export const ReferralAnswer = z
  .object({ to: z.enum(['accepted', 'resolved', 'refused']), answer: z.string().trim().min(1, '请填写回复内容').max(2000) })
  .strict();

export const ReferralListQuery = PageQuery.extend({ status: ReferralStatusSchema.optional(), householdId: ObjectIdSchema.optional() });

export const ReferralView = z.object({
  id: z.string(),
  stationCode: z.string(),
  householdId: z.string(),
  caseId: z.string().nullable(),
  target: z.object({ kind: ReferralTargetKindSchema, name: z.string() }),
  request: z.string(),
  sentAt: z.string(),
  answerDueAt: z.string(),
  status: ReferralStatusSchema,
  answer: z.string(),
  answeredAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  masked: z.boolean(),
});
