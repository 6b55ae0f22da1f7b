import { z } from 'zod';
import { DateSchema, LatLngSchema, PageQuery, PhoneSchema, StationCodeSchema, TagSchema, WindowSchema } from '../supply/schemas.js';

/** Certifications the product knows by name; others are accepted as free text. */
export const KNOWN_CERTIFICATIONS = [
  '持证社工',
  '护士',
  '心理咨询师',
  '教师资格证',
  '无犯罪记录证明',
  '儿童主任',
  '医师',
  '律师',
  '康复治疗师',
] as const;

/** The editable part of a volunteer profile (DOMAIN.md fields). */
export const VolunteerProfileSchema = z.object({
  name: z.string().trim().min(1).max(30),
  skills: z.array(TagSchema).max(30),
  description: z.string().max(1000),
  certifications: z.array(TagSchema).max(20),
  availability: z.array(WindowSchema).max(50),
  datesOff: z.array(DateSchema).max(366),
  location: LatLngSchema,
  homeCommunityCode: z
    .string()
    .regex(/^\d{12}$/, '村(社区)编码应为 12 位数字')
    .describe('常住的村(社区)；不填经纬度时以该村(社区)的大致位置为服务起点'),
  radiusKm: z.number().gt(0, '服务半径必须大于 0').max(100, '服务半径不能超过 100 公里'),
  maxActive: z.number().int().min(1).max(20),
});
export type VolunteerProfile = z.infer<typeof VolunteerProfileSchema>;

/** Public self-registration: login phone, password, home station, name, and optionally the rest of the profile. */
export const VolunteerRegisterSchema = VolunteerProfileSchema.partial()
  .extend({
    phone: PhoneSchema,
    password: z.string().min(8, '密码至少 8 位').max(200),
    stationCode: StationCodeSchema,
    name: z.string().trim().min(1).max(30),
  })
  .strict();
export type VolunteerRegister = z.infer<typeof VolunteerRegisterSchema>;

/** A volunteer's edit of their own profile; `active`, status and station are never client-set. */
export const VolunteerPatchSchema = VolunteerProfileSchema.partial().strict();
export type VolunteerPatch = z.infer<typeof VolunteerPatchSchema>;

/** Coordinator's review decision. */
export const VolunteerReviewSchema = z.object({ note: z.string().max(200).optional() }).strict();

/** List filters. */
export const VolunteerListQuery = PageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  stationCode: StationCodeSchema.optional(),
  skill: z.string().max(30).optional(),
  certification: z.string().max(30).optional(),
  q: z.string().max(100).optional().describe('在技能、简介、证书中搜索（不区分大小写）'),
});
export type VolunteerListQuery = z.infer<typeof VolunteerListQuery>;

/** What clients see of a volunteer; `phone` is masked unless the reader may see it. */
export const VolunteerView = z.object({
  id: z.string(),
  stationCode: z.string(),
  name: z.string(),
  phone: z.string(),
  skills: z.array(z.string()),
  description: z.string(),
  certifications: z.array(z.string()),
  verifiedCertifications: z.array(z.string()).describe('社工站核验过的证书；只有这些计入匹配（如儿童服务资质）'),
  availability: z.array(z.object({ day: z.number(), start: z.string(), end: z.string() })),
  datesOff: z.array(z.string()),
  location: LatLngSchema.nullable(),
  homeCommunityCode: z.string().nullable(),
  radiusKm: z.number(),
  maxActive: z.number(),
  active: z.number(),
  status: z.enum(['pending', 'approved', 'rejected']),
  approved: z.boolean(),
  createdAt: z.string(),
});
export type VolunteerView = z.infer<typeof VolunteerView>;

/** One service-hours entry (append-only). */
export const ServiceHoursInputSchema = z.object({
  volunteerId: z.string().min(1),
  assignmentId: z.string().min(1).max(64),
  hours: z
    .number()
    .gt(0, '服务时长必须大于 0')
    .max(24, '单日服务时长不能超过 24 小时')
    .refine((h) => Number.isInteger(h * 2), '服务时长以 0.5 小时为单位'),
  date: DateSchema,
  recordedBy: z.string().min(1),
  note: z.string().max(200).optional(),
});
export type ServiceHoursInput = z.infer<typeof ServiceHoursInputSchema>;

/** Totals query: group by volunteer, month or station. */
export const HoursSummaryQuery = z.object({
  by: z.enum(['volunteer', 'month', 'station']).default('volunteer'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  stationCode: StationCodeSchema.optional(),
});
/** Totals of service hours under a key (volunteer id, month or station code). */
export const HoursSummaryView = z.array(z.object({ key: z.string(), hours: z.number(), entries: z.number() }));

/** A coordinator's confirmation of an entry: `hours` corrects the volunteer's figure (the original is kept). */
export const HoursConfirmSchema = z
  .object({
    hours: z
      .number()
      .gt(0, '服务时长必须大于 0')
      .max(24, '单日服务时长不能超过 24 小时')
      .refine((h) => Number.isInteger(h * 2), '服务时长以 0.5 小时为单位')
      .optional()
      .describe('更正后的时长；不填则按志愿者填报的时长确认'),
    note: z.string().trim().max(200, '说明不能超过 200 字').optional(),
  })
  .strict();
export type HoursConfirmInput = z.infer<typeof HoursConfirmSchema>;

/** One service-hours entry as the coordinator or the volunteer sees it. */
export const HoursEntryView = z.object({
  id: z.string(),
  stationCode: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  assignmentId: z.string(),
  needTitle: z.string().nullable().describe('任务所属需求的类别（去标识）'),
  hours: z.number(),
  date: z.string(),
  month: z.string(),
  note: z.string().nullable().describe('志愿者完成任务时填写的说明'),
  confirmed: z.boolean(),
  confirmedAt: z.string().nullable(),
  confirmNote: z.string().nullable(),
  correctedFrom: z.object({ hours: z.number(), note: z.string().nullable() }).nullable().describe('更正前志愿者填报的时长'),
  createdAt: z.string(),
});
export type HoursEntryView = z.infer<typeof HoursEntryView>;

/** The confirmation queue: entries awaiting a coordinator, oldest first. */
export const PendingHoursQuery = z.object({
  stationCode: StationCodeSchema.optional(),
  volunteerId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const PendingHoursView = z.object({ items: z.array(HoursEntryView), total: z.number() });

/** A volunteer's own hours: confirmed totals per month with a running total, and the recent entries. */
export const MyHoursView = z.object({
  months: z.array(z.object({ key: z.string(), hours: z.number(), entries: z.number(), runningTotal: z.number() })),
  total: z.number().describe('已确认的累计服务时长'),
  unconfirmedHours: z.number().describe('待社工确认的时长'),
  entries: z.array(HoursEntryView),
});
