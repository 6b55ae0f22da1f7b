import { z } from 'zod';
import { BeneficiaryGroupSchema } from '../households/groups.js';
import { CommunityCodeSchema } from '../households/schema.js';
import { LocationSchema } from '../shared/geo.js';
import { NUL_MESSAGE, hasNoNul } from '../shared/text.js';
import { WindowSchema } from '../shared/schedule.js';
import { NeedStatusSchema } from './lifecycle.js';
import { CategorySchema } from './taxonomy.js';

/** Urgency of a need. */
export const UrgencySchema = z.enum(['low', 'normal', 'high', 'critical']);
export type Urgency = z.infer<typeof UrgencySchema>;

/** Rank used for sorting by urgency (critical first when descending). */
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, high: 2, critical: 3 };

/** Where a need came from. */
export const NeedSourceSchema = z.enum(['survey', 'hotline', 'walk_in', 'referral']);

/** When a need should be served. */
export const ScheduleSchema = z
  .object({
    kind: z.enum(['once', 'recurring']),
    windows: z.array(WindowSchema).max(50).default([]),
    dueBy: z.coerce.date().optional(),
  })
  .strict();
export type Schedule = z.infer<typeof ScheduleSchema>;

/** Amount of a material need. */
export const QuantitySchema = z.object({ amount: z.number().positive('数量必须大于 0'), unit: z.string().trim().min(1).max(10) }).strict();

const fields = {
  communityCode: CommunityCodeSchema,
  householdId: z
    .string()
    .regex(/^[a-f0-9]{24}$/i, '户编号格式不正确')
    .optional(),
  category: CategorySchema.optional().describe('需求分类代码；缺省时按文字匹配'),
  title: z.string().trim().min(1, '标题不能为空').max(100),
  description: z.string().trim().max(4000).default(''),
  groups: z.array(BeneficiaryGroupSchema).default([]),
  urgency: UrgencySchema.default('normal'),
  location: LocationSchema,
  schedule: ScheduleSchema.default({ kind: 'recurring', windows: [] }),
  skills: z.array(z.string().trim().min(1).max(30)).max(30).default([]),
  quantity: QuantitySchema.optional(),
  source: NeedSourceSchema.default('walk_in'),
};

/** Body of POST /api/needs (DOMAIN.md minimum fields; id, stationCode and status are set by the server). */
export const NeedCreateSchema = z.object(fields).strict();
export type NeedCreate = z.infer<typeof NeedCreateSchema>;

/** Body of PATCH /api/needs/:id: fields other than status (status moves through transitions). */
export const NeedPatchSchema = z
  .object({
    category: CategorySchema.nullable(),
    title: fields.title,
    description: z.string().trim().max(4000),
    groups: z.array(BeneficiaryGroupSchema),
    urgency: UrgencySchema,
    location: LocationSchema,
    schedule: ScheduleSchema,
    skills: z.array(z.string().trim().min(1).max(30)).max(30),
    quantity: QuantitySchema.nullable(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, '至少修改一个字段');
export type NeedPatch = z.infer<typeof NeedPatchSchema>;

/** Body of POST /api/needs/:id/transitions. */
export const NeedTransitionSchema = z.object({ to: NeedStatusSchema, note: z.string().trim().max(500).optional() }).strict();

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).min(1).max(10));

/** Query of GET /api/needs. Sort: createdAt, urgency, dueBy; a leading "-" sorts descending. */
export const NeedListQuerySchema = z
  .object({
    status: list(NeedStatusSchema).optional().describe('状态，可用逗号分隔多个'),
    category: CategorySchema.optional(),
    group: BeneficiaryGroupSchema.optional(),
    urgency: list(UrgencySchema).optional(),
    communityCode: CommunityCodeSchema.optional(),
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    householdId: z
      .string()
      .regex(/^[a-f0-9]{24}$/i)
      .optional(),
    q: z.string().trim().min(1).max(50).refine(hasNoNul, NUL_MESSAGE).optional().describe('在标题和描述中查找'),
    sort: z.enum(['createdAt', '-createdAt', 'urgency', '-urgency', 'dueBy', '-dueBy']).default('-createdAt'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type NeedListQuery = z.infer<typeof NeedListQuerySchema>;

/** :id of a need. */
export const NeedIdSchema = z.object({ id: z.string().min(1).max(64) });

/** One entry of a need's history. */
export const HistoryEntrySchema = z.object({
  at: z.date(),
  by: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().nullable(),
});

/** What clients see of a need. */
export const NeedViewSchema = z.object({
  id: z.string(),
  stationCode: z.string(),
  communityCode: z.string(),
  householdId: z.string().nullable(),
  category: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  groups: z.array(z.string()),
  urgency: UrgencySchema,
  location: LocationSchema,
  schedule: z.object({
    kind: z.enum(['once', 'recurring']),
    windows: z.array(z.object({ day: z.number(), start: z.string(), end: z.string() })),
    dueBy: z.date().nullable(),
  }),
  skills: z.array(z.string()),
  quantity: z.object({ amount: z.number(), unit: z.string() }).nullable(),
  status: NeedStatusSchema,
  source: NeedSourceSchema,
  history: z.array(HistoryEntrySchema),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type NeedView = z.infer<typeof NeedViewSchema>;

/** One page of needs. */
export const NeedPageSchema = z.object({ items: z.array(NeedViewSchema), nextCursor: z.string().nullable() });
