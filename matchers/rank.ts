import Fuse from 'fuse.js';
import { needBound, scoreBound } from './bound.js';
import { idfOf, isFeasible, recallCandidates, type Feasible, type MatchIndex } from './candidates.js';
import { profileNeed, type NeedProfile } from './profile.js';
import { minuteOfWeek } from './schedule.js';
import { addTextPartsIndexed, combine, nonTextParts, reasonsFor, type ScoreParts } from './scorers.js';
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

/** Slots packed under the quantised bound in sort keys (2^22 > any recall size). */
const POS_SPAN = 2 ** 22;
/** Kind packed above the position in `who` (2^28 > any pool size). */
const KIND_SPAN = 2 ** 28;

/** Share of the text score given to fuse.js fuzzy similarity on the shortlist. */
const FUZZY_SHARE = 0.2;

/** Deterministic order: score descending, then id, then kind (ids may repeat across kinds). */
export function compareScored(
  a: { score: number; item: { kind: string; item: { id: string } } },
  b: { score: number; item: { kind: string; item: { id: string } } },
): number {
  if (b.score !== a.score) return b.score - a.score;
  const ia = a.item.item.id;
  const ib = b.item.item.id;
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.item.kind < b.item.kind ? -1 : a.item.kind > b.item.kind ? 1 : 0;
}

let scratchBuf = { ub: new Float64Array(1024), who: new Int32Array(1024), keys: new Float64Array(1024) };

/**
 * Per-call work arrays, reused across needs to spare the garbage collector (scoreNeed is synchronous,
 * so one set suffices). `ub` holds exact bounds, `who` kind × KIND_SPAN + position, and `keys` packed
 * (quantised bound, slot) keys that sort natively without a comparator.
 */
function scratch(n: number): typeof scratchBuf {
  if (scratchBuf.ub.length < n) {
    const size = Math.max(n, 2 * scratchBuf.ub.length);
    scratchBuf = { ub: new Float64Array(size), who: new Int32Array(size), keys: new Float64Array(size) };
  }
  return scratchBuf;
}

/** Insert into a list kept sorted by compareScored, keeping at most `k`. */
function insertTopK(list: Scored[], s: Scored, k: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareScored(list[mid]!, s) <= 0)
      lo = mid + 1; // lo ≤ mid < hi ≤ list.length
    else hi = mid;
  }
  if (lo >= k) return;
  list.splice(lo, 0, s);
  if (list.length > k) list.pop();
}

/**
 * The best `max(top, shortlistSize)` feasible candidates of a profiled need, best first.
 * Recalled candidates get an upper bound from the index's flat arrays (bound.ts) and are visited best
 * bound first: hard rules, exact scorers and text run only until no remaining bound can reach the k-th
 * score, so the result equals scoring every feasible candidate (the pruned ones could not have entered).
 * fuse.js then refines the text of the shortlist; outside it the lexical overlap stands in for fuse,
 * which keeps scores comparable.
 */
export function scoreNeed(index: MatchIndex, np: NeedProfile, top: number, nowMs: number = index.nowMs): Scored[] {
  const { engine } = index;
  const rules = engine.rules;
  const mow = minuteOfWeek(nowMs, rules.timezoneOffsetMinutes);
  const k = Math.max(top, rules.shortlistSize, 1);
  const nb = needBound(index, np, (t) => idfOf(index, t), nowMs);

  const recalled = recallCandidates(index, np);
  const kinds = [index.volunteers, index.organisations, index.resources] as const;
  const lists = [recalled.volunteers, recalled.organisations, recalled.resources] as const;
  const n0 = lists[0].length + lists[1].length + lists[2].length;
  const { ub, who, keys } = scratch(n0);
  let n = 0;
  for (let kk = 0; kk < 3; kk++) {
    // kk < 3 and `who` stores kk: kinds[...] below is in bounds, as are the typed-array slots (< n ≤ their length).
    const K = kinds[kk]!;
    for (const i of lists[kk]!) {
      const bound = scoreBound(index, K, i, nb);
      if (bound < 0) continue; // cannot reach minRelevance: never proposed, whatever else
      ub[n] = bound;
      who[n] = kk * KIND_SPAN + i;
      keys[n] = Math.floor(bound * 2 ** 30) * POS_SPAN + n;
      n++;
    }
  }
  const sorted = keys.subarray(0, n).sort();

  const best: Scored[] = [];
  for (let j = n - 1; j >= 0; j--) {
    const slot = sorted[j]! % POS_SPAN;
    // 1e-6 covers combine()'s rounding and Float32 storage, so a skipped candidate could not even tie the k-th.
    if (best.length >= k && ub[slot]! + 1e-6 < best[k - 1]!.score) break;
    const K = kinds[Math.floor(who[slot]! / KIND_SPAN)]!;
    const f = K.profiles[who[slot]! % KIND_SPAN]!;
    if (!isFeasible(index, np, f, nowMs)) continue;
    const parts = nonTextParts(engine, np, f, f.item, mow, nowMs);
    addTextPartsIndexed(np, f, K.tokOff, K.tokEnd, K.tokIds, nb.wordIds, nb.wordIdf, nb.idfSum, parts);
    // Not proposing what is unrelated: a nearby idle volunteer is no match for a legal dispute.
    if (Math.max(parts.category, parts.text) < rules.minRelevance) continue;
    parts.text = (1 - FUZZY_SHARE) * parts.text + FUZZY_SHARE * parts.tokens;
    const score = combine(rules, parts);
    if (best.length >= k && score < best[k - 1]!.score) continue;
    insertTopK(best, { profile: f, item: f.item, tokens: f.tokenSet, parts, score }, k);
  }

  const ns = Math.min(best.length, rules.shortlistSize);
  if (ns > 0 && np.fuzzyText.trim()) {
    const short = best.slice(0, ns);
    const fuse = new Fuse(
      short.map((s) => s.profile.fuzzyText),
      { includeScore: true, ignoreLocation: true, threshold: 0.7, minMatchCharLength: 2 },
    );
    const fuzzy = new Float64Array(ns);
    for (const r of fuse.search(np.fuzzyText)) fuzzy[r.refIndex] = 1 - (r.score ?? 1);
    short.forEach((s, i) => {
      s.parts.text = (1 - FUZZY_SHARE) * (0.5 * s.parts.concept + 0.5 * s.parts.tokens) + FUZZY_SHARE * (fuzzy[i] ?? 0);
      s.score = combine(rules, s.parts);
    });
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
