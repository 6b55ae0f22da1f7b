import { z } from 'zod';
import { DaySchema, ObjectIdSchema, PageQuery, PersonNameSchema } from '../station-work/schema.js';
import { CaseStatusSchema } from './lifecycle.js';
import { SatisfactionInput } from '../satisfaction/schema.js';

const Person = z.object({ id: z.string(), name: z.string() });

/** Body of POST /api/cases: intake from a need, a visit, a referral, or directly. */
export const CaseCreate = z
  .object({
    householdId: ObjectIdSchema,
    personName: PersonNameSchema,
    source: z
      .object({ kind: z.enum(['need', 'visit', 'referral', 'direct']), id: ObjectIdSchema.nullable().default(null) })
      .strict()
      .default({ kind: 'direct', id: null }),
    summary: z.string().trim().max(4000).default(''),
    caseWorker: z
      .object({ id: z.string().min(1).max(40), name: z.string().trim().min(1).max(30) })
      .strict()
      .optional(),
  })
  .strict();
export type CaseCreateT = z.infer<typeof CaseCreate>;

export const CaseAssessment = z
  .object({
    problems: z.string().trim().min(1, '请填写问题与需求').max(4000),
    strengths: z.string().trim().max(4000).default(''),
    riskLevel: z.enum(['low', 'medium', 'high']).describe('风险等级：低/中/高'),
  })
  .strict();

export const CasePlan = z.object({ goals: z.array(z.string().trim().min(1).max(300)).min(1, '至少一个服务目标').max(20) }).strict();

export const CaseInterventionInput = z
  .object({
    date: DaySchema,
    method: z.enum(['面谈', '入户', '电话', '陪同', '资源链接', '其他']),
    content: z.string().trim().min(1, '请填写服务内容').max(4000),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  })
  .strict();

export const CaseReview = z
  .object({
    goals: z.array(
      z.object({ index: z.number().int().min(0), achieved: z.boolean(), note: z.string().trim().max(500).default('') }).strict(),
    ),
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

export const CaseClose = z
  .object({
    reason: z.enum(['目标达成', '服务对象拒绝', '转介', '迁出或失联', '去世', '其他']),
    outcome: z.string().trim().min(1, '请填写结案成效').max(4000),
    satisfaction: SatisfactionInput.optional(),
  })
  .strict();

export const CaseListQuery = PageQuery.extend({
  status: CaseStatusSchema.optional(),
  householdId: ObjectIdSchema.optional(),
});

export const CaseView = z.object({
  id: z.string(),
  stationCode: z.string(),
  householdId: z.string(),
  communityCode: z.string(),
  personName: z.string(),
  source: z.object({ kind: z.string(), id: z.string().nullable() }),
  caseWorker: Person,
  status: CaseStatusSchema,
  summary: z.string(),
  assessment: z.object({ problems: z.string(), strengths: z.string(), riskLevel: z.string(), at: z.string() }).nullable(),
  plan: z.object({ goals: z.array(z.object({ text: z.string(), achieved: z.boolean().nullable(), note: z.string() })) }).nullable(),
  interventions: z.array(z.object({ date: z.string(), method: z.string(), content: z.string(), minutes: z.number(), by: Person })),
  reviews: z.array(z.object({ at: z.string(), note: z.string() })),
  closure: z.object({ reason: z.string(), outcome: z.string(), at: z.string() }).nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  masked: z.boolean(),
});
export type CaseViewT = z.infer<typeof CaseView>;
