import { z } from 'zod';
import { DateSchema, StationCodeSchema } from '../supply/schemas.js';

/** 社会工作者职业水平 (the national certificate levels); 无 for staff without one. */
export const CERT_LEVELS = ['无', '助理社会工作师', '社会工作师', '高级社会工作师'] as const;
/** Roles at a station. */
export const STAFF_ROLES = ['站长', '驻站社工', '督导'] as const;
/** Mechanisms and rules a station keeps on file (宿州 2022 方案 "制度建设"). */
export const DOCUMENT_KINDS = [
  '服务承诺',
  '投诉',
  '督导',
  '评估',
  '档案管理',
  '人员管理',
  '财务管理',
  '项目管理',
  '志愿者管理',
  '场所使用管理',
] as const;
/** The five mechanisms the evaluation checks first. */
export const REQUIRED_MECHANISMS = ['服务承诺', '投诉', '督导', '评估', '档案管理'] as const;

export const StaffInputSchema = z
  .object({
    stationCode: StationCodeSchema,
    name: z.string().trim().min(1).max(30),
    role: z.enum(STAFF_ROLES),
    certLevel: z.enum(CERT_LEVELS).default('无'),
    /** Started at this station. */
    startDate: DateSchema,
    /** Started professional social work (supervisors need 5+ years); defaults to startDate. */
    practiceSince: DateSchema.optional(),
    fullTime: z.boolean().default(true),
  })
  .strict();
export type StaffInput = z.infer<typeof StaffInputSchema>;

export const StaffPatchSchema = StaffInputSchema.omit({ stationCode: true })
  .partial()
  .extend({ endDate: DateSchema.nullable().optional().describe('离岗日期；离岗后不再计入人员配备') })
  .strict();

export const StaffView = z.object({
  id: z.string(),
  stationCode: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  certLevel: z.enum(CERT_LEVELS),
  startDate: z.string(),
  practiceSince: z.string(),
  endDate: z.string().nullable(),
  fullTime: z.boolean(),
});
export type StaffView = z.infer<typeof StaffView>;

export const SiteSchema = z
  .object({
    officeAreaM2: z.number().min(0).max(100_000),
    activityRooms: z.array(z.object({ name: z.string().trim().min(1).max(30), areaM2: z.number().min(0).max(100_000) }).strict()).max(50),
    /** The equipment checklist: each item and whether the station has it. */
    equipment: z.array(z.object({ item: z.string().trim().min(1).max(30), present: z.boolean() }).strict()).max(100),
    signage: z.boolean().default(false).describe('是否按统一标识挂牌'),
  })
  .strict();
export type Site = z.infer<typeof SiteSchema>;
export const SiteView = SiteSchema.extend({ stationCode: z.string(), updatedAt: z.string().nullable() });

/** Equipment every station should have (宿州 2022: 桌椅、电脑、打印机、档案柜). */
export const DEFAULT_EQUIPMENT = ['桌椅', '电脑', '打印机', '档案柜'] as const;

export const DocumentInputSchema = z
  .object({
    stationCode: StationCodeSchema,
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string().trim().min(1).max(100),
    adoptedOn: DateSchema,
    reviewedOn: DateSchema.optional(),
    reference: z.string().trim().max(200).optional().describe('文号或存档位置'),
  })
  .strict();
export const DocumentView = z.object({
  id: z.string(),
  stationCode: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  adoptedOn: z.string(),
  reviewedOn: z.string().nullable(),
  reference: z.string().nullable(),
});
export type DocumentView = z.infer<typeof DocumentView>;
