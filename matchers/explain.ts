import { defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { getEngine, profileNeed } from './profile.js';
import { organisationExclusions, resourceExclusions, volunteerExclusions } from './rules.js';
import { toWeekIntervals } from './schedule.js';
import type { MatchIndex } from './candidates.js';
import { scoreNeed, toResults } from './rank.js';
import {
  NeedSchema,
  OrganisationSchema,
  ResourceSchema,
  VolunteerSchema,
  type CandidateKind,
  type Exclusion,
  type Need,
  type Reason,
  type TaggedCandidate,
} from './types.js';

/**
 * "Why not this candidate": every hard rule that excludes `candidate` from `need` at time `now`,
 * each with a Chinese sentence for the coordinator. Empty when no hard rule applies (it may still
 * rank low or be filtered as unrelated).
 */
export function explainExclusion(
  needInput: Need | unknown,
  candidate: TaggedCandidate,
  rules: MatchingRules,
  now: Date | string | number,
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

/** Full answer to "why is this candidate not (higher) in the list" for one need. */
export interface CandidateExplanation {
  kind: CandidateKind;
  id: string;
  /** Hard rules that exclude it (empty when none). */
  exclusions: Exclusion[];
  /** Its 1-based rank among all proposable candidates, when it is one. */
  rank?: number;
  score?: number;
  reasons?: Reason[];
  /** One Chinese sentence for the coordinator. */
  text: string;
}

/**
 * Explain one candidate against one need with a built index: excluded by which hard rules, or not
 * related enough to be proposed, or proposed at which rank with which score and reasons.
 * Ranks every feasible candidate (no pruning), so it costs more than rankNeed; meant for one-off questions.
 */
export function explainCandidate(
  index: MatchIndex,
  needInput: Need | unknown,
  kind: CandidateKind,
  id: string,
): CandidateExplanation | undefined {
  const need = NeedSchema.parse(needInput);
  const k = kind === 'volunteer' ? index.volunteers : kind === 'organisation' ? index.organisations : index.resources;
  const cp = k.profiles.find((p) => p.id === id);
  if (!cp) return undefined;
  const exclusions = explainExclusion(need, cp.item, index.engine.rules, index.nowMs, index.engine.taxonomy);
  if (exclusions.length) return { kind, id, exclusions, text: `被硬性规则排除：${exclusions.map((e) => e.text).join('；')}` };
  const np = profileNeed(index.engine, need);
  const all = scoreNeed(index, np, index.size);
  const pos = all.findIndex((s) => s.item.kind === kind && s.item.item.id === id);
  if (pos < 0) {
    return { kind, id, exclusions, text: `未被推荐：与需求的服务类别和文字描述都不相关（相关度低于 ${index.engine.rules.minRelevance}）` };
  }
  const scored = all[pos];
  const [result] = scored ? toResults(index, np, [scored]) : [];
  const first = all[0];
  if (!result || !first) return { kind, id, exclusions, text: '未被推荐' };
  return {
    kind,
    id,
    exclusions,
    rank: pos + 1,
    score: result.score,
    reasons: result.reasons,
    text: pos === 0 ? '排在第 1 位' : `排在第 ${pos + 1} 位，得分 ${result.score.toFixed(3)}，第 1 位得分 ${first.score.toFixed(3)}`,
  };
}
