import { z } from 'zod';
import { CommunityCodeSchema } from '../households/schema.js';
import { CategorySchema } from '../needs/taxonomy.js';
import { UrgencySchema } from '../needs/schema.js';
import { LocationSchema } from '../shared/geo.js';

export const ObjectIdSchema = z.string().regex(/^[a-f0-9]{24}$/i, '编号格式不正确');
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const IdParams = z.object({ id: ObjectIdSchema });

export const VisitModeSchema = z.enum(['home', 'phone', 'video', 'other']).describe('入户 / 电话 / 视频 / 其他');
export const FindingLevelSchema = z.enum(['good', 'concern', 'serious']).describe('正常 / 需关注 / 严重');
export const FindingAreaSchema = z.enum(['health', 'living', 'safety', 'mood']).describe('健康 / 生活状况 / 安全 / 情绪');
export const VisitTaskStatusSchema = z.enum(['due', 'done', 'missed']);
export const VisitPersonSchema = z.object({ kind: z.enum(['staff', 'volunteer']), id: z.string(), name: z.string() });

/** Query of GET /api/visits: the month's list of key targets and its progress. */
export const VisitTaskQuery = z.object({
  month: MonthSchema.optional(),
  stationCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  status: VisitTaskStatusSchema.optional(),
  communityCode: CommunityCodeSchema.optional(),
  /** A user id or volunteer id, or "none" for tasks nobody is responsible for yet. */
  assignee: z.string().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const VisitTaskView = z.object({
  id: z.string(),
  stationCode: z.string(),
  householdId: z.string(),
  communityCode: z.string(),
  headName: z.string(),
  month: z.string(),
  people: z.number(),
  status: VisitTaskStatusSchema,
  assignee: VisitPersonSchema.nullable(),
  doneAt: z.string().nullable(),
  recordId: z.string().nullable(),
});
export type VisitTaskViewT = z.infer<typeof VisitTaskView>;

export const VisitProgress = z.object({
  households: z.number(),
  householdsVisited: z.number(),
  householdRate: z.number().nullable(),
  people: z.number(),
  peopleVisited: z.number(),
  personRate: z.number().nullable(),
});

export const VisitTaskPage = z.object({ items: z.array(VisitTaskView), nextCursor: z.string().nullable(), progress: VisitProgress });

/** Body of PATCH /api/visits/:id: who is responsible for the visit. */
export const VisitAssignBody = z
  .object({
    assignee: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('staff'), id: z.string().min(1).max(40), name: z.string().trim().min(1).max(30) }).strict(),
        z.object({ kind: z.literal('volunteer'), id: ObjectIdSchema }).strict(),
      ])
      .nullable(),
  })
  .strict();

const findings = z
  .object({
    health: FindingLevelSchema.default('good'),
    living: FindingLevelSchema.default('good'),
    safety: FindingLevelSchema.default('good'),
    mood: FindingLevelSchema.default('good'),
  })
  .strict();

/** Body of POST /api/visits/records. */
export const VisitRecordCreate = z
  .object({
    householdId: ObjectIdSchema,
    taskId: ObjectIdSchema.optional(),
    visitedAt: z.coerce.date({ error: '探访时间格式不正确' }),
    mode: VisitModeSchema,
    findings: findings.default({ health: 'good', living: 'good', safety: 'good', mood: 'good' }),
    note: z.string().trim().max(2000).default(''),
    location: LocationSchema.optional(),
    photos: z.array(z.string().trim().min(1).max(300)).max(9).default([]).describe('照片引用（文件编号或地址）'),
  })
  .strict();
export type VisitRecordCreateT = z.infer<typeof VisitRecordCreate>;

export const VisitRecordQuery = z.object({
  month: MonthSchema.optional(),
  householdId: ObjectIdSchema.optional(),
  stationCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const VisitRecordView = z.object({
  id: z.string(),
  stationCode: z.string(),
  householdId: z.string(),
  communityCode: z.string(),
  taskId: z.string().nullable(),
  month: z.string(),
  visitedAt: z.string(),
  mode: VisitModeSchema,
  visitor: VisitPersonSchema,
  byVolunteer: z.boolean(),
  findings: z.object({ health: FindingLevelSchema, living: FindingLevelSchema, safety: FindingLevelSchema, mood: FindingLevelSchema }),
  note: z.string(),
  location: LocationSchema.nullable(),
  photos: z.array(z.string()),
  followUps: z.array(z.object({ area: FindingAreaSchema, needId: z.string(), at: z.string() })),
  masked: z.boolean(),
  createdAt: z.string(),
});
export type VisitRecordViewT = z.infer<typeof VisitRecordView>;

/** Body of POST /api/visits/records/:id/follow-ups: one finding becomes a need. */
export const VisitFollowUpBody = z
  .object({
    area: FindingAreaSchema,
    title: z.string().trim().min(1, '标题不能为空').max(100),
    description: z.string().trim().max(4000).default(''),
    category: CategorySchema.optional(),
    urgency: UrgencySchema.default('normal'),
  })
  .strict();
