/**
 * Public API of the matching engine: a pure library (no I/O, no wall clock: `now` is always a parameter).
 *
 *   const index = buildIndex(pool, rules, now);      // once per pool
 *   rankNeed(index, need, { top: 5 });                // cheap per need
 *   allocate(index, needs);                           // batch, capacities respected
 *   patchCandidate(index, { kind, item })             // one candidate changed: patch in place (live.ts)
 *   await createParallelMatcher(pool, rules, now)     // same allocation, ranking spread over worker threads
 *   explainExclusion(need, { kind, item }, rules, now) // why not this candidate
 */
export { buildIndex, buildIndexSteps, type MatchIndex } from './candidates.js';
export {
  addCandidate,
  candidateItem,
  hasCandidate,
  livePool,
  patchCandidate,
  removeCandidate,
  upsertCandidate,
  TaggedCandidateSchema,
} from './live.js';
export { rankNeed, rankAll, type RankOptions } from './rank.js';
export { allocate, allocateFromLists, type Allocation, type AllocationResult, type AllocateOptions, type Choice } from './allocate.js';
export { createParallelMatcher, type ParallelMatcher } from './parallel.js';
export { explainCandidate, explainExclusion, type CandidateExplanation } from './explain.js';
export {
  MatchingRulesSchema,
  MatchingRulesOverrideSchema,
  TaxonomySchema,
  defaultRules,
  defaultTaxonomy,
  mergeRules,
  type MatchingRules,
  type MatchingRulesOverride,
  type Taxonomy,
} from './config.js';
export { haversineKm, distanceDecay } from './geo.js';
export { windowsOverlap, overlapMinutes, toWeekIntervals } from './schedule.js';
export { getEngine, profileNeed } from './profile.js';
export * from './types.js';

import { buildIndex } from './candidates.js';
import { defaultRules, type MatchingRules } from './config.js';
import { rankAll } from './rank.js';
import { MatchInputSchema, type MatchResult } from './types.js';

/**
 * One-shot matching of a whole input file (what `npm run match` does): validate, index the pool,
 * rank every need. `fallbackNow` is used when the input has no `now` (the CLI passes the current time).
 */
export function matchInput(
  input: unknown,
  opts: { top?: number; rules?: MatchingRules; fallbackNow: Date | string | number },
): Record<string, MatchResult[]> {
  const parsed = MatchInputSchema.parse(input);
  const index = buildIndex(parsed, opts.rules ?? defaultRules, parsed.now ?? opts.fallbackNow);
  return rankAll(index, parsed.needs, { top: opts.top ?? 5 });
}
