import { z } from 'zod';

/** "HH:MM" local time; "24:00" is allowed as an end so a window can run to midnight. */
export const TimeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time must be "HH:MM" (00:00–24:00)');

/** A weekly time window: day 0 = Sunday … 6 = Saturday (JavaScript getDay), local times. */
export const WindowSchema = z
  .object({
    day: z.number().int().min(0).max(6),
    start: TimeOfDaySchema,
    end: TimeOfDaySchema,
  })
  .refine((w) => w.end > w.start, { message: 'window end must be after start' });
/** A weekly time window. */
export type Window = z.infer<typeof WindowSchema>;

/** A WGS-84 point. */
export const LatLngSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
/** A WGS-84 point. */
export type LatLng = z.infer<typeof LatLngSchema>;

/** A quantity of goods or money, e.g. {amount: 20, unit: "斤"}. */
export const QuantitySchema = z.object({
  amount: z.number().nonnegative(),
  unit: z.string(),
});
/** A quantity of goods or money. */
export type Quantity = z.infer<typeof QuantitySchema>;

/** Need urgency, lowest to highest. */
export const UrgencySchema = z.enum(['low', 'normal', 'high', 'critical']);
/** Need urgency. */
export type Urgency = z.infer<typeof UrgencySchema>;

/** When a need has to be served: a single occasion or a weekly recurring service. */
export const NeedScheduleSchema = z.object({
  kind: z.enum(['once', 'recurring']),
  windows: z.array(WindowSchema).default([]),
  dueBy: z.string().optional(),
});
/** When a need has to be served. */
export type NeedSchedule = z.infer<typeof NeedScheduleSchema>;

/** A need 需求 as recorded by a coordinator (DOMAIN.md "Minimum fields"). */
export const NeedSchema = z.object({
  id: z.string().min(1),
  stationCode: z.string(),
  communityCode: z.string(),
  householdId: z.string().optional(),
  // A station may extend the taxonomy, so any code is accepted; a missing category lets the text decide.
  category: z.string().optional(),
  title: z.string(),
  description: z.string().default(''),
  groups: z.array(z.string()).default([]),
  urgency: UrgencySchema.default('normal'),
  location: LatLngSchema,
  schedule: NeedScheduleSchema.default({ kind: 'recurring', windows: [] }),
  skills: z.array(z.string()).default([]),
  quantity: QuantitySchema.optional(),
  status: z.string().default('open'),
  source: z.enum(['survey', 'hotline', 'walk_in', 'referral']).default('survey'),
  /** Volunteers who served this need before; continuity bonus on recurring needs. */
  previousVolunteerIds: z.array(z.string()).optional(),
  /** Organisations that served this need before; continuity bonus on recurring needs. */
  previousOrganisationIds: z.array(z.string()).optional(),
});
/** A need 需求. */
export type Need = z.infer<typeof NeedSchema>;

/** A community volunteer 社区志愿者. */
export const VolunteerSchema = z.object({
  id: z.string().min(1),
  stationCode: z.string(),
  name: z.string(),
  skills: z.array(z.string()).default([]),
  description: z.string().default(''),
  certifications: z.array(z.string()).default([]),
  availability: z.array(WindowSchema).default([]),
  location: LatLngSchema,
  radiusKm: z.number().nonnegative(),
  maxActive: z.number().int().nonnegative(),
  active: z.number().int().nonnegative().default(0),
});
/** A community volunteer. */
export type Volunteer = z.infer<typeof VolunteerSchema>;

/** Area an organisation serves: a circle or a list of 12-digit community codes. */
export const CoverageSchema = z.union([
  z.object({ center: LatLngSchema, radiusKm: z.number().nonnegative() }),
  z.object({ communityCodes: z.array(z.string()) }),
]);
/** Area an organisation serves. */
export type Coverage = z.infer<typeof CoverageSchema>;

/** A community organisation 社会组织 with a monthly capacity. */
export const OrganisationSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().default(''),
  categories: z.array(z.string()).default([]),
  description: z.string().default(''),
  coverage: CoverageSchema,
  capacityPerMonth: z.number().nonnegative(),
  usedThisMonth: z.number().nonnegative().default(0),
  /**
   * Hours from a referral to someone on site. Absent: the next working day (an office answers then);
   * an organisation with a same-day response (an emergency team) declares it, e.g. 2.
   */
  responseHours: z.number().nonnegative().optional(),
});
/** A community organisation. */
export type Organisation = z.infer<typeof OrganisationSchema>;

/** Who may receive a resource; an absent list means no restriction on that axis. */
export const EligibilitySchema = z.object({
  groups: z.array(z.string()).optional(),
  communityCodes: z.array(z.string()).optional(),
});
/** Who may receive a resource. */
export type Eligibility = z.infer<typeof EligibilitySchema>;

/** A charity resource 慈善资源: a quantity that runs down as it is allocated. */
export const ResourceSchema = z.object({
  id: z.string().min(1),
  donor: z.string().default(''),
  category: z.string(),
  title: z.string(),
  description: z.string().default(''),
  remaining: QuantitySchema,
  eligibility: EligibilitySchema.default({}),
  expiresAt: z.string().optional(),
  location: LatLngSchema.optional(),
});
/** A charity resource. */
export type Resource = z.infer<typeof ResourceSchema>;

/** The candidate pool of a county: everything a need may be matched to. */
export const PoolSchema = z.object({
  volunteers: z.array(VolunteerSchema).default([]),
  organisations: z.array(OrganisationSchema).default([]),
  resources: z.array(ResourceSchema).default([]),
});
/** The candidate pool of a county. */
export type Pool = z.infer<typeof PoolSchema>;

/** The offline matcher's input file (`npm run match -- --input cases.json`). */
export const MatchInputSchema = PoolSchema.extend({
  now: z.string().datetime({ offset: true }).optional(),
  needs: z.array(NeedSchema),
});
/** The offline matcher's input file. */
export type MatchInput = z.infer<typeof MatchInputSchema>;

/** Which side of the five societies a candidate comes from. */
export type CandidateKind = 'volunteer' | 'organisation' | 'resource';

/** A candidate tagged with its kind, as taken by explainExclusion. */
export type TaggedCandidate =
  { kind: 'volunteer'; item: Volunteer } | { kind: 'organisation'; item: Organisation } | { kind: 'resource'; item: Resource };

/** One line of the explanation of a score: which rule, its value in [0,1], its weight, and Chinese text. */
export interface Reason {
  rule: string;
  value: number;
  weight: number;
  text: string;
}

/** One ranked candidate for a need. */
export interface MatchResult {
  kind: CandidateKind;
  id: string;
  score: number;
  reasons: Reason[];
}

/** Why a hard rule excluded a candidate. */
export interface Exclusion {
  rule: string;
  text: string;
}
