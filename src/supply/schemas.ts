import { z } from 'zod';
import { BeneficiaryGroupSchema } from '../households/groups.js';
import { CategorySchema } from '../needs/taxonomy.js';
import { MOBILE_RE, normalisePhone } from '../shared/phone.js';
import { LocationSchema, type Location } from '../shared/geo.js';

/** A point on the map (WGS-84 degrees): the service's one location schema. */
export const LatLngSchema = LocationSchema;
export type LatLng = Location;

/** A weekly time window (one schema for needs and volunteers: shared/schedule.ts). */
export { WindowSchema, type Window } from '../shared/schedule.js';

/** A calendar date YYYY-MM-DD that exists. */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '日期不存在');

/** A month YYYY-MM. */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** A mainland mobile number; spaces, dashes and a +86 prefix are accepted and removed. */
export const PhoneSchema = z
  .string()
  .max(20)
  .transform((s) => {
    const r = normalisePhone(s);
    return r.ok ? r.value : s;
  })
  .pipe(z.string().regex(MOBILE_RE, '请输入 11 位手机号码'));

/** A taxonomy category code (one list for the whole service: needs/taxonomy.ts). */
export { CategorySchema };

/** A beneficiary group of DOMAIN.md (households/groups.ts). */
export const GroupSchema = BeneficiaryGroupSchema;

/** 9-digit township (station) code. */
export const StationCodeSchema = z.string().regex(/^\d{9}$/, '社工站编码应为 9 位乡镇(街道)代码');

/** 12-digit village/community code. */
export { CommunityCodeSchema } from '../households/schema.js';

/** A short free-text list item (skills, certifications). */
export const TagSchema = z.string().trim().min(1).max(30);

/** :id path parameter. */
export const IdParams = z.object({ id: z.string().min(1).max(64) });

/** Cursor pagination query fields. */
export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A page of presented items. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** What a self-registration answers, whether the phone was new or already taken (no account enumeration). */
export const RegistrationPendingView = z.object({ status: z.literal('pending'), message: z.string() });
