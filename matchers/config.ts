import { z } from 'zod';
import defaultRulesJson from '../seeds/matching-rules.json' with { type: 'json' };
import defaultCuesJson from '../seeds/category-cues.json' with { type: 'json' };
import defaultItemsJson from '../seeds/items.json' with { type: 'json' };
import defaultTaxonomyJson from '../seeds/taxonomy.json' with { type: 'json' };
import { ItemVocabularySchema, type ItemVocabulary } from './text/items.js';

const weight = z.number().min(0).max(10);

/** Schema of the matching rules (seeds/matching-rules.json) and of a station's full rule set. */
export const MatchingRulesSchema = z.object({
  version: z.number().int().default(1),
  weights: z.object({
    category: weight,
    text: weight,
    distance: weight,
    availability: weight,
    urgency: weight,
    load: weight,
    continuity: weight,
    safeguarding: weight,
    /** Goods needs naming items: share of the items a resource covers (dominates within a category). */
    items: weight.default(0.6),
    /** Urgency weight instead of `urgency` when an urgent need is due within a day: who can act in time. */
    deadline: weight.default(0.4),
  }),
  /** Distance (km) at which the distance score has decayed to 1/e. */
  distanceDecayKm: z.number().positive(),
  /** Distance score for candidates without a location (community-coverage organisations, unlocated resources). */
  unlocatedDistanceScore: z.number().min(0).max(1),
  /** Distance score of an organisation whose coverage lists the need's community by name (it works there). */
  listedCommunityDistanceScore: z.number().min(0).max(1).default(0.7),
  /** Share of its load score a same-day organisation (responseHours < 24) keeps on needs not due within a day. */
  sameDayReserveLoadShare: z.number().min(0).max(1).default(0.5),
  /** Candidates whose best of category/text relevance is below this are not proposed at all. */
  minRelevance: z.number().min(0).max(1),
  /** How many top candidates get the (more expensive) fuse.js fuzzy re-scoring. */
  shortlistSize: z.number().int().min(0).max(100),
  /** Offset of local time from UTC, for turning `now` into a weekday and "HH:MM". */
  timezoneOffsetMinutes: z.number().int().min(-720).max(840),
  childGroups: z.array(z.string()),
  childSafeguardingCertifications: z.array(z.string()),
  /** Safeguarding score of a vetted volunteer on a child need (an organisation scores 1). */
  organisationPreferenceForChildren: z.number().min(0).max(1),
  hardRules: z.object({
    volunteerRadius: z.boolean(),
    volunteerLoad: z.boolean(),
    volunteerSchedule: z.boolean(),
    childSafeguarding: z.boolean(),
    organisationCapacity: z.boolean(),
    organisationCoverage: z.boolean(),
    resourceExpired: z.boolean(),
    resourceDepleted: z.boolean(),
    resourceGroups: z.boolean(),
    resourceCommunity: z.boolean(),
    needKind: z.boolean(),
  }),
});
/** A full, validated rule set. */
export type MatchingRules = z.infer<typeof MatchingRulesSchema>;

/** A station's partial override of the rules: any subset, nested objects merged key by key. */
export const MatchingRulesOverrideSchema = MatchingRulesSchema.partial().extend({
  weights: MatchingRulesSchema.shape.weights.partial().optional(),
  hardRules: MatchingRulesSchema.shape.hardRules.partial().optional(),
});
/** A station's partial override of the rules. */
export type MatchingRulesOverride = z.infer<typeof MatchingRulesOverrideSchema>;

/** The default rules every station starts with. */
export const defaultRules: MatchingRules = MatchingRulesSchema.parse(defaultRulesJson);

/** Merge a station override onto defaults (weights and hardRules merged per key; lists replaced) and validate the result. */
export function mergeRules(defaults: MatchingRules, override: MatchingRulesOverride | undefined): MatchingRules {
  if (!override) return defaults;
  const o = MatchingRulesOverrideSchema.parse(override);
  return MatchingRulesSchema.parse({
    ...defaults,
    ...o,
    weights: { ...defaults.weights, ...(o.weights ?? {}) },
    hardRules: { ...defaults.hardRules, ...(o.hardRules ?? {}) },
  });
}

/** Schema of one taxonomy category. */
export const CategorySchema = z.object({
  code: z.string().regex(/^[a-z_]+$/),
  name: z.string(),
  material: z.boolean(),
  child: z.boolean(),
  synonyms: z.array(z.string()),
});
/** One taxonomy category. */
export type Category = z.infer<typeof CategorySchema>;

/** Schema of the need taxonomy (seeds/taxonomy.json); stations may extend it. */
export const TaxonomySchema = z.object({
  version: z.number().int().default(1),
  categories: z.array(CategorySchema).min(1),
});
/** The need taxonomy. */
export type Taxonomy = z.infer<typeof TaxonomySchema>;

/** The default 18-category taxonomy of DOMAIN.md. */
export const defaultTaxonomy: Taxonomy = TaxonomySchema.parse(defaultTaxonomyJson);

/** Schema of the category cues (seeds/category-cues.json): words that point a need without a category to one. */
export const CategoryCuesSchema = z.object({
  version: z.number().int().default(1),
  description: z.string().optional(),
  cues: z.array(z.object({ category: z.string(), weight: z.number().positive(), words: z.array(z.string().min(1)) })),
});
/** Category cues for needs without a category. */
export type CategoryCues = z.infer<typeof CategoryCuesSchema>;

/** The default category cues. */
export const defaultCategoryCues: CategoryCues = CategoryCuesSchema.parse(defaultCuesJson);

/** The default goods item vocabulary (seeds/items.json). */
export const defaultItems: ItemVocabulary = ItemVocabularySchema.parse(defaultItemsJson);
