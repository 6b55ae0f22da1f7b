import { z } from 'zod';
import { CategorySchema, CommunityCodeSchema, LatLngSchema, PageQuery, PhoneSchema, StationCodeSchema } from '../supply/schemas.js';
import { ORGANISATION_TYPES } from './model.js';

/** Coverage: a circle around a centre, or a list of communities. */
export const CoverageSchema = z.union([
  z
    .object({
      center: LatLngSchema,
      radiusKm: z.number().gt(0, '服务半径必须大于 0').max(100, '服务半径不能超过 100 公里'),
    })
    .strict(),
  z.object({ communityCodes: z.array(CommunityCodeSchema).min(1, '至少选择一个村(社区)').max(500) }).strict(),
]);

/** The editable profile of an organisation (DOMAIN.md fields). */
export const OrganisationProfileSchema = z.object({
  name: z.string().trim().min(1).max(60),
  type: z.enum(ORGANISATION_TYPES, { message: '未知的组织类型' }),
  categories: z.array(CategorySchema).min(1, '至少选择一个服务类别').max(18),
  description: z.string().max(2000),
  coverage: CoverageSchema,
  capacityPerMonth: z.number().int('每月服务量必须是整数').min(1).max(10_000),
  contactName: z.string().trim().max(30).optional(),
});

/** Public registration of an organisation to its home station (pending until a coordinator approves). */
export const OrganisationRegisterSchema = OrganisationProfileSchema.extend({
  description: z.string().max(2000).default(''),
  phone: PhoneSchema.describe('联系电话，也是登录账号'),
  password: z.string().min(8, '密码至少 8 位').max(200),
  stationCode: StationCodeSchema,
}).strict();
export type OrganisationRegister = z.infer<typeof OrganisationRegisterSchema>;

/** An organisation edits its own profile; usage, status and station are never client-set. */
export const OrganisationPatchSchema = OrganisationProfileSchema.partial().strict();
export type OrganisationPatch = z.infer<typeof OrganisationPatchSchema>;

/** Review note. */
export const OrganisationReviewSchema = z.object({ note: z.string().max(200).optional() }).strict();

/** List filters. */
export const OrganisationListQuery = PageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  stationCode: StationCodeSchema.optional(),
  category: CategorySchema.optional(),
  type: z.enum(ORGANISATION_TYPES).optional(),
  q: z.string().max(100).optional().describe('在名称、简介、服务类别中搜索'),
});
export type OrganisationListQuery = z.infer<typeof OrganisationListQuery>;

/** What clients see of an organisation; the phone is masked unless the reader may see it. */
export const OrganisationView = z.object({
  id: z.string(),
  stationCode: z.string(),
  name: z.string(),
  type: z.string(),
  categories: z.array(z.string()),
  description: z.string(),
  coverage: z.union([z.object({ center: LatLngSchema, radiusKm: z.number() }), z.object({ communityCodes: z.array(z.string()) })]),
  capacityPerMonth: z.number(),
  usedThisMonth: z.number(),
  month: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  approved: z.boolean(),
  createdAt: z.string(),
});
export type OrganisationView = z.infer<typeof OrganisationView>;
