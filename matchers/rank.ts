import Fuse from 'fuse.js';
import { idfOf, isFeasible, recallCandidates, type Feasible, type MatchIndex } from './candidates.js';
import { profileNeed, type NeedProfile } from './profile.js';
import { minuteOfWeek } from './schedule.js';
import { addTextParts, combine, nonTextParts, quickBound, reasonsFor, weightedSum, type ScoreParts } from './scorers.js';
import { NeedSchema, type MatchResult, type Need } from './types.js';

/** Options of rankNeed. */
export interface RankOptions {
  /** At most this many results (default 5). */
  top?: number;
  /** Skip building Chinese reasons (batch allocation only needs numbers). */
  reasons?: boolean;
}

/** A scored feasible candidate before it is turned into a MatchResult. */
export interface Scored {
  profile: Feasible;
  item: Feasible['item'];
  tokens: Set<string>;
  parts: ScoreParts;
  score: number;
}

/** Positions packed under the quantised bound in sort keys (2^22 > any recall size). */
const POS_SPAN = 2 ** 22;

/** Share of the text score given to fuse.js fuzzy similarity on the shortlist. */
const FUZZY_SHARE = 0.2;

/** Deterministic order: score descending, then id, then kind (ids may repeat across kinds). */
export function compareScored(a: { score: number; item: { kind: string; item: { id: string } } }, b: typeof a): number {
  if (b.score !== a.score) return b.score - a.score;
  const ia = a.item.item.id;
  const ib = b.item.item.id;
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.item.kind < b.item.kind ? -1 : a.item.kind > b.item.kind ? 1 : 0;
}

/** Insert into a list kept sorted by compareScored, keeping at most `k`. */
function insertTopK(list: Scored[], s: Scored, k: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareScored(list[mid], s) <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= k) return;
  list.splice(lo, 0, s);
  if (list.length > k) list.pop();
}

/**
 * The best `max(top, shortlistSize)` feasible candidates of a profiled need, best first.
 * Cheap scorers run on every feasible candidate; the text scorer only while a candidate's upper bound
 * (text taken as 1) can still enter the top-k, so cost stays low when many candidates are feasible
 * (exact: the pruned ones could not have entered). fuse.js then refines the text of the shortlist;
 * outside it the lexical overlap stands in for fuse, which keeps scores comparable.
 */
export function scoreNeed(index: MatchIndex, np: NeedProfile, top: number, nowMs: number = index.nowMs): Scored[] {
  const { engine } = index;
  const rules = engine.rules;
  const mow = minuteOfWeek(nowMs, rules.timezoneOffsetMinutes);
  const k = Math.max(top, rules.shortlistSize, 1);
  const needIdf = Float64Array.from(np.text.tokens, (t) => idfOf(index, t));
  let idfSum = 0;
  for (const x of needIdf) idfSum += x;

  const recalled = recallCandidates(index, np);
  const n0 = recalled.length;
  const kmPerDegLng = 111.195 * Math.cos((np.need.location.lat * Math.PI) / 180);
  const ub = new Float64Array(n0);
  // Packed keys (quantised bound, position) sort natively without a comparator; the exact bound stays in ub.
  const keys = new Float64Array(n0);
  for (let i = 0; i < n0; i++) {
    ub[i] = quickBound(engine, np, recalled[i], kmPerDegLng);
    keys[i] = Math.floor(ub[i] * 2 ** 30) * POS_SPAN + i;
  }
  keys.sort();

  const best: Scored[] = [];
  for (let j = n0 - 1; j >= 0; j--) {
    const i = keys[j] % POS_SPAN;
    // 1e-6 covers combine()'s rounding, so a skipped candidate could not even tie the k-th.
    if (best.length >= k && ub[i] + 1e-6 < best[k - 1].score) break;
    const f = recalled[i];
    if (!isFeasible(index, np, f, nowMs)) continue;
    const parts = nonTextParts(engine, np, f, f.item, mow);
    const { num, den } = weightedSum(rules, parts, false);
    if (best.length >= k && (num + rules.weights.text) / den + 1e-6 < best[k - 1].score) continue;
    addTextParts(np, f, f.tokenSet, needIdf, idfSum, parts);
    // Not proposing what is unrelated: a nearby idle volunteer is no match for a legal dispute.
    if (Math.max(parts.category, parts.text) < rules.minRelevance) continue;
    parts.text = (1 - FUZZY_SHARE) * parts.text + FUZZY_SHARE * parts.tokens;
    const score = combine(rules, parts);
    if (best.length >= k && score < best[k - 1].score) continue;
    insertTopK(best, { profile: f, item: f.item, tokens: f.tokenSet, parts, score }, k);
  }

  const n = Math.min(best.length, rules.shortlistSize);
  if (n > 0 && np.fuzzyText.trim()) {
    const short = best.slice(0, n);
    const fuse = new Fuse(
      short.map((s) => s.profile.fuzzyText),
      { includeScore: true, ignoreLocation: true, threshold: 0.7, minMatchCharLength: 2 },
    );
    const fuzzy = new Float64Array(n);
    for (const r of fuse.search(np.fuzzyText)) fuzzy[r.refIndex] = 1 - (r.score ?? 1);
    for (let i = 0; i < n; i++) {
      const s = short[i];
      s.parts.text = (1 - FUZZY_SHARE) * (0.5 * s.parts.concept + 0.5 * s.parts.tokens) + FUZZY_SHARE * fuzzy[i];
      s.score = combine(rules, s.parts);
    }
    best.sort(compareScored);
  }
  return best;
}

/** Turn scored candidates into results with Chinese reasons. */
export function toResults(index: MatchIndex, np: NeedProfile, scored: readonly Scored[], withReasons = true): MatchResult[] {
  return scored.map((s) => ({
    kind: s.item.kind,
    id: s.item.item.id,
    score: s.score,
    reasons: withReasons ? reasonsFor(index.engine, np, s.profile, s.item, s.parts, s.tokens) : [],
  }));
}

/** Rank the feasible candidates of one need, best first, at most `top`; every result carries its reasons. */
export function rankNeed(index: MatchIndex, needInput: Need | unknown, opts: RankOptions = {}): MatchResult[] {
  const top = opts.top ?? 5;
  const need = NeedSchema.parse(needInput);
  const np = profileNeed(index.engine, need);
  const scored = scoreNeed(index, np, top).slice(0, top);
  return toResults(index, np, scored, opts.reasons ?? true);
}

/** Rank many needs against one index: `{needId: results}` in input order. */
export function rankAll(index: MatchIndex, needs: readonly (Need | unknown)[], opts: RankOptions = {}): Record<string, MatchResult[]> {
  const out: Record<string, MatchResult[]> = {};
  for (const n of needs) {
    const need = NeedSchema.parse(n);
    out[need.id] = rankNeed(index, need, opts);
  }
  return out;
}
