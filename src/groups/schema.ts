import { z } from 'zod';
import { DaySchema, ObjectIdSchema, PageQuery, PersonNameSchema } from '../station-work/schema.js';

export const GroupStatusSchema = z.enum(['planned', 'running', 'closed']);
export const GROUP_NAMES = { planned: '筹备中', running: '进行中', closed: '已结束' } as const;

export const GroupCreate = z
  .object({
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    name: z.string().trim().min(1, '小组名称不能为空').max(60),
    aim: z.string().trim().max(1000).default(''),
    targetMembers: z.string().trim().max(300).default(''),
    members: z
      .array(z.object({ name: PersonNameSchema, householdId: ObjectIdSchema.nullable().default(null) }).strict())
      .max(60)
      .default([]),
    plannedSessions: z.number().int().min(1).max(50),
  })
  .strict();

export const GroupSessionInput = z
  .object({
    date: DaySchema,
    content: z.string().trim().min(1, '请填写活动内容').max(2000),
    attendance: z.array(PersonNameSchema).max(100).describe('签到成员姓名'),
  })
  .strict();

export const GroupClose = z.object({ evaluation: z.string().trim().min(1, '请填写小组总结评估').max(4000) }).strict();

export const GroupListQuery = PageQuery.extend({ status: GroupStatusSchema.optional() });

export const GroupView = z.object({
  id: z.string(),
  stationCode: z.string(),
  name: z.string(),
  aim: z.string(),
  targetMembers: z.string(),
  leader: z.object({ id: z.string(), name: z.string() }),
  members: z.array(z.object({ name: z.string(), householdId: z.string().nullable() })),
  plannedSessions: z.number(),
  sessions: z.array(z.object({ no: z.number(), date: z.string(), content: z.string(), attendance: z.array(z.string()) })),
  sessionCount: z.number(),
  attendanceCount: z.number(),
  evaluation: z.string().nullable(),
  status: GroupStatusSchema,
  masked: z.boolean(),
});
