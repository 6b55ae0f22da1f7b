import { z } from 'zod';
import { BeneficiaryGroupSchema } from '../households/groups.js';
import { CommunityCodeSchema, HouseholdCreateSchema, PhoneSchema } from '../households/schema.js';
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
  location: LocationSchema.optional().describe('缺省时取该户的位置，再缺省取所在村(社区)的大致位置'),
  schedule: ScheduleSchema.default({ kind: 'recurring', windows: [] }),
  skills: z.array(z.string().trim().min(1).max(30)).max(30).default([]),
  quantity: QuantitySchema.optional(),
  source: NeedSourceSchema.default('walk_in'),
};

/**
 * A household recorded on the spot with its first need (来访, 热线, 入户). `village` is the 12-digit
 * community code (`communityCode` is accepted as well).
 */
export const InlineHouseholdSchema = z
  .object({
    name: z.string().trim().min(1, '户主姓名不能为空').max(30, '户主姓名最多 30 个字'),
    phone: PhoneSchema.optional(),
    village: CommunityCodeSchema.optional(),
    communityCode: CommunityCodeSchema.optional(),
    address: z.string().trim().min(1, '地址不能为空').max(200, '地址最多 200 个字'),
    groups: z.array(BeneficiaryGroupSchema).max(17).default([]),
    keyTarget: z.boolean().default(false),
    location: LocationSchema.optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (!h.village && !h.communityCode) ctx.addIssue({ code: 'custom', path: ['village'], message: '请选择所在村(社区)' });
  })
  .transform((h, ctx) => {
    // Validated here, with the need, so a need that fails validation never leaves a household behind.
    const parsed = HouseholdCreateSchema.safeParse({
      communityCode: h.village ?? h.communityCode,
      headName: h.name,
      ...(h.phone ? { phone: h.phone } : {}),
      address: h.address,
      groups: h.groups,
      keyTarget: h.keyTarget,
      ...(h.location ? { location: h.location } : {}),
    });
    if (parsed.success) return parsed.data;
    const inline: Record<string, string> = { headName: 'name', communityCode: 'village' };
    for (const issue of parsed.error.issues) {
      const [first, ...rest] = issue.path.map(String);
      ctx.addIssue({ code: 'custom', path: [inline[first ?? ''] ?? first ?? '', ...rest], message: issue.message });
    }
    return z.NEVER;
  });

/**
 * Body of POST /api/needs (DOMAIN.md minimum fields; id, stationCode and status are set by the server).
 * The need is for an existing household (`householdId`), a new one (`household`) or none; its village and
 * place default to the household's.
 */
export const NeedCreateSchema = z
  .object({
    ...fields,
    communityCode: CommunityCodeSchema.optional().describe('缺省时取该户所在村(社区)'),
    household: InlineHouseholdSchema.optional().describe('当场登记的新户（与 householdId 二选一）'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.household && b.householdId) ctx.addIssue({ code: 'custom', path: ['household'], message: '已选择现有的户，不能同时新建' });
    if (!b.communityCode && !b.household && !b.householdId)
      ctx.addIssue({ code: 'custom', path: ['communityCode'], message: '请选择所在村(社区)或服务对象户' });
  });
export type NeedCreate = z.infer<typeof NeedCreateSchema>;

/** Why a need was closed without being served here. */
export const CloseReasonSchema = z.enum(['met_elsewhere', 'withdrawn', 'duplicate', 'unreachable'], { message: '请选择关闭原因' });
export type CloseReason = z.infer<typeof CloseReasonSchema>;
export const CLOSE_REASON_NAMES: Readonly<Record<CloseReason, string>> = {
  met_elsewhere: '已在别处解决',
  withdrawn: '撤回',
  duplicate: '重复',
  unreachable: '无法联系',
};

/** Body of POST /api/needs/:id/close. */
export const NeedCloseSchema = z
  .object({ reason: CloseReasonSchema, note: z.string().trim().max(500, '说明最多 500 个字').optional() })
  .strict();

/** Body of POST /api/needs/:id/reopen. */
export const NeedReopenSchema = z.object({ note: z.string().trim().max(500, '说明最多 500 个字').optional() }).strict();

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
    q: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .refine(hasNoNul, NUL_MESSAGE)
      .optional()
      .describe('在标题、描述、户主姓名、电话（含后四位）和村(社区)名称中查找'),
    sort: z.enum(['createdAt', '-createdAt', 'urgency', '-urgency', 'dueBy', '-dueBy']).default('-createdAt'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    offset: z.coerce.number().int().min(0).max(100_000).optional().describe('按页跳转：跳过的条数（与 cursor 二选一）'),
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
  closeReason: CloseReasonSchema.nullable(),
  /** Who the need is for: name and village; the phone in full on the detail (audited), masked in lists. */
  household: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable(), communityName: z.string().nullable() }).nullable(),
  communityName: z.string().nullable(),
  stationName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type NeedView = z.infer<typeof NeedViewSchema>;

/** One page of needs. */
export const NeedPageSchema = z.object({
  items: z.array(NeedViewSchema),
  nextCursor: z.string().nullable(),
  total: z.number().describe('符合条件的需求总数'),
});

/** Counts of the board: true totals, not page sizes. */
export const BoardCountsSchema = z.object({
  open: z.number(),
  urgent: z.number(),
  pendingAssignments: z.number(),
  activeAssignments: z.number(),
});
