import Fuse from 'fuse.js';
import { feasibleCandidates, idfOf, type Feasible, type MatchIndex } from './candidates.js';
import { profileNeed, type NeedProfile } from './profile.js';
import { minuteOfWeek } from './schedule.js';
import { combine, reasonsFor, scoreParts, type ScoreParts } from './scorers.js';
import { NeedSchema, type MatchResult, type Need } from './types.js';

/** Options of rankNeed. */
export interface RankOptions {
  /** At most this many results (default 5). */
  top?: number;
  /** Skip building Chinese reasons (batch allocation only needs numbers). */
  reasons?: boolean;
}

/** A scored feasible candidate before it is turned into a MatchResult. */
export interface Scored extends Feasible {
  parts: ScoreParts;
  score: number;
}

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

/**
 * Score every feasible candidate of a profiled need and return them best first.
 * fuse.js runs only on the shortlist (it is the costly part); outside the shortlist the lexical
 * overlap stands in for it, which keeps scores comparable.
 */
export function scoreNeed(index: MatchIndex, np: NeedProfile, top: number, nowMs: number = index.nowMs): Scored[] {
  const { engine } = index;
  const rules = engine.rules;
  const idf = (t: string) => idfOf(index, t);
  const mow = minuteOfWeek(nowMs, rules.timezoneOffsetMinutes);
  const scored: Scored[] = [];
  for (const f of feasibleCandidates(index, np, nowMs)) {
    const parts = scoreParts(engine, np, f.profile, f.item, f.tokens, idf, mow);
    // Not proposing what is unrelated: a nearby idle volunteer is no match for a legal dispute.
    if (Math.max(parts.category, parts.text) < rules.minRelevance) continue;
    parts.text = (1 - FUZZY_SHARE) * (0.5 * parts.concept + 0.5 * parts.tokens) + FUZZY_SHARE * parts.tokens;
    scored.push({ ...f, parts, score: combine(rules, parts) });
  }
  scored.sort(compareScored);
  const n = Math.min(scored.length, Math.max(top, rules.shortlistSize));
  if (n > 0 && np.fuzzyText.trim()) {
    const short = scored.slice(0, n);
    const fuse = new Fuse(
      short.map((s) => s.profile.fuzzyText),
      { includeScore: true, ignoreLocation: true, threshold: 0.7, minMatchCharLength: 2 },
    );
    const fuzzy = new Float64Array(n);
    for (const r of fuse.search(np.fuzzyText)) fuzzy[r.refIndex] = 1 - (r.score ?? 1);
    for (let i = 0; i < n; i++) {
      const s = short[i];
      const base = 0.5 * s.parts.concept + 0.5 * s.parts.tokens;
      s.parts.text = (1 - FUZZY_SHARE) * base + FUZZY_SHARE * fuzzy[i];
      s.score = combine(rules, s.parts);
    }
    scored.sort(compareScored);
  }
  return scored;
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
