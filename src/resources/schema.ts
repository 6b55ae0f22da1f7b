import { RESOURCE_SHOWN_STATUSES } from '../contracts/views.js';
import { z } from 'zod';
import {
  CategorySchema,
  CommunityCodeSchema,
  GroupSchema,
  LatLngSchema,
  PageQuery,
  PhoneSchema,
  StationCodeSchema,
} from '../supply/schemas.js';
import { CHARITY_TYPES } from './charity.js';

/** An ISO date-time, or a date (then the end of that day, China time). */
const Instant = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
  .transform((s) => new Date(s.length === 10 ? `${s}T23:59:59.999+08:00` : s))
  .refine((d) => !Number.isNaN(d.getTime()), '时间无效');

/** A whole, positive quantity with its unit. */
export const QuantitySchema = z.object({
  amount: z.number().int('数量必须是整数').positive('数量必须大于 0').max(100_000_000),
  unit: z.string().trim().min(1).max(10),
});

/** Who may receive a resource; an absent list means no restriction. */
export const EligibilitySchema = z
  .object({ groups: z.array(GroupSchema).max(20).optional(), communityCodes: z.array(CommunityCodeSchema).max(500).optional() })
  .strict();

/** A charity posts a resource. */
export const ResourcePostSchema = z
  .object({
    kind: z.enum(['goods', 'money', 'service', 'venue']).describe('goods 物资 / money 资金 / service 服务 / venue 场地'),
    category: CategorySchema,
    title: z.string().trim().min(1).max(60),
    description: z.string().max(2000).default(''),
    quantity: QuantitySchema,
    eligibility: EligibilitySchema.default({}),
    availableFrom: Instant.optional(),
    expiresAt: Instant.optional(),
    location: LatLngSchema.optional(),
    pickupAddress: z.string().max(200).optional(),
  })
  .strict()
  .refine((r) => !r.expiresAt || !r.availableFrom || r.expiresAt > r.availableFrom, {
    message: '有效期必须晚于可领用时间',
    path: ['expiresAt'],
  });
export type ResourcePost = z.infer<typeof ResourcePostSchema>;

/** A charity edits descriptive fields; quantities only go down through allocations. */
export const ResourcePatchSchema = z
  .object({
    title: z.string().trim().min(1).max(60),
    description: z.string().max(2000),
    eligibility: EligibilitySchema,
    availableFrom: Instant.nullable(),
    expiresAt: Instant.nullable(),
    location: LatLngSchema.nullable(),
    pickupAddress: z.string().max(200).nullable(),
  })
  .partial()
  .strict();
export type ResourcePatch = z.infer<typeof ResourcePatchSchema>;

/** A coordinator allocates part of a resource to a need of their station. */
export const AllocationBodySchema = z
  .object({
    amount: z.number().int('数量必须是整数').positive('数量必须大于 0'),
    needCategory: CategorySchema,
    needId: z.string().min(1).max(64).optional(),
    stationCode: StationCodeSchema.optional().describe('县级管理员必须指定；驻站社工默认本站'),
  })
  .strict();

/** List filters. */
export const ResourceListQuery = PageQuery.extend({
  kind: z.enum(['goods', 'money', 'service', 'venue']).optional(),
  category: CategorySchema.optional(),
  status: z.enum(['available', 'depleted', 'withdrawn']).optional(),
  group: GroupSchema.optional(),
  available: z.enum(['true', 'false']).optional().describe('true：仅可分配（未过期、有剩余）'),
  q: z.string().max(100).optional(),
});
export type ResourceListQuery = z.infer<typeof ResourceListQuery>;

const QuantityView = z.object({ amount: z.number(), unit: z.string() });

/** What clients see of a resource (no allocation details). */
export const ResourceView = z.object({
  id: z.string(),
  charityId: z.string(),
  donor: z.string(),
  kind: z.string(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  description: z.string(),
  quantity: QuantityView,
  remaining: QuantityView,
  eligibility: z.object({ groups: z.array(z.string()).optional(), communityCodes: z.array(z.string()).optional() }),
  availableFrom: z.string().nullable(),
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
  location: LatLngSchema.nullable(),
  pickupAddress: z.string().nullable(),
  status: z
    .enum(RESOURCE_SHOWN_STATUSES)
    .describe('available 可分配 / depleted 已分完 / withdrawn 已撤回 / expired 已过期（由有效期推出）'),
  allocationCount: z.number(),
  createdAt: z.string(),
});
export type ResourceView = z.infer<typeof ResourceView>;

/** Where a resource went. `needId` appears only for the allocating station's staff, never for a charity. */
export const AllocationView = z.object({
  at: z.string(),
  amount: z.number(),
  unit: z.string(),
  needCategory: z.string(),
  needCategoryName: z.string(),
  stationCode: z.string(),
  stationName: z.string(),
  needId: z.string().optional(),
});
export type AllocationView = z.infer<typeof AllocationView>;

/** The answer to an allocation. */
export const AllocationResult = z.object({ allocation: AllocationView, remaining: QuantityView, status: z.string() });

/** A county admin creates a charity account. */
export const CharityCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    type: z.enum(CHARITY_TYPES),
    description: z.string().max(1000).optional(),
    contactName: z.string().max(30).optional(),
    contactPhone: PhoneSchema.describe('联系电话，也是登录账号'),
    password: z.string().min(8, '密码至少 8 位').max(200),
  })
  .strict();

/** What clients see of a charity; the phone is masked. */
export const CharityView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  description: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string(),
});
