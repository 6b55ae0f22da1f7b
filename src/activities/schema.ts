import { z } from 'zod';
import { DaySchema, ObjectIdSchema, PageQuery, PersonNameSchema } from '../station-work/schema.js';

export const ActivityStatusSchema = z.enum(['planned', 'held', 'cancelled']);
export const ACTIVITY_NAMES = { planned: '筹备中', held: '已举办', cancelled: '已取消' } as const;
export const ActivityKindSchema = z.enum(['节日慰问', '健康义诊', '文体活动', '政策宣传', '志愿服务', '邻里互助', '其他']);

export const ActivityCreate = z
  .object({
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    title: z.string().trim().min(1, '活动名称不能为空').max(100),
    date: DaySchema,
    place: z.string().trim().max(100).default(''),
    kind: ActivityKindSchema,
    organisers: z
      .array(
        z
          .object({
            kind: z.enum(['station', 'organisation', 'volunteer_team']),
            name: z.string().trim().min(1).max(60),
            id: ObjectIdSchema.nullable().default(null),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    participants: z.number().int().min(0).max(100_000).default(0).describe('参与人次'),
    signIns: z.array(PersonNameSchema).max(500).default([]),
    volunteers: z
      .array(z.object({ volunteerId: ObjectIdSchema, hours: z.number().positive().max(24) }).strict())
      .max(100)
      .default([]),
    resources: z
      .array(z.object({ id: ObjectIdSchema.nullable().default(null), title: z.string().trim().min(1).max(100) }).strict())
      .max(20)
      .default([]),
    note: z.string().trim().max(2000).default(''),
    status: z.enum(['planned', 'held']).default('held'),
  })
  .strict();

export const ActivityTransition = z
  .object({ to: ActivityStatusSchema, participants: z.number().int().min(0).max(100_000).optional() })
  .strict();
export const ActivityVolunteerParams = z.object({ id: ObjectIdSchema, volunteerId: ObjectIdSchema });
export const ActivityListQuery = PageQuery.extend({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  status: ActivityStatusSchema.optional(),
});

export const ActivityView = z.object({
  id: z.string(),
  stationCode: z.string(),
  title: z.string(),
  date: z.string(),
  place: z.string(),
  kind: z.string(),
  organisers: z.array(z.object({ kind: z.string(), name: z.string(), id: z.string().nullable() })),
  participants: z.number(),
  signIns: z.array(z.string()),
  volunteers: z.array(z.object({ volunteerId: z.string(), name: z.string(), hours: z.number(), confirmed: z.boolean() })),
  resources: z.array(z.object({ id: z.string().nullable(), title: z.string() })),
  note: z.string(),
  status: ActivityStatusSchema,
  masked: z.boolean(),
});
