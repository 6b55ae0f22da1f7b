import { defaultRules, defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { getEngine, profileNeed } from './profile.js';
import { organisationExclusions, resourceExclusions, volunteerExclusions } from './rules.js';
import { toWeekIntervals } from './schedule.js';
import { NeedSchema, OrganisationSchema, ResourceSchema, VolunteerSchema, type Exclusion, type Need, type TaggedCandidate } from './types.js';

/**
 * "Why not this candidate": every hard rule that excludes `candidate` from `need` at time `now`,
 * each with a Chinese sentence for the coordinator. Empty when no hard rule applies (it may still
 * rank low or be filtered as unrelated).
 */
export function explainExclusion(
  needInput: Need | unknown,
  candidate: TaggedCandidate,
  rules: MatchingRules = defaultRules,
  now: Date | string | number = 0,
  taxonomy: Taxonomy = defaultTaxonomy,
): Exclusion[] {
  const engine = getEngine(rules, taxonomy);
  const np = profileNeed(engine, NeedSchema.parse(needInput));
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime();
  switch (candidate.kind) {
    case 'volunteer': {
      const v = VolunteerSchema.parse(candidate.item);
      return volunteerExclusions(engine, np, v, toWeekIntervals(v.availability), true);
    }
    case 'organisation':
      return organisationExclusions(engine, np, OrganisationSchema.parse(candidate.item), true);
    case 'resource':
      return resourceExclusions(engine, np, ResourceSchema.parse(candidate.item), nowMs, true);
  }
}
