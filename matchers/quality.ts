import { z } from 'zod';
import { NeedSchema, PoolSchema, type MatchResult, type Need, type Pool } from './types.js';

/** Kinds of labelled needs, reported separately by `npm run eval`. */
export const NeedKindSchema = z.enum(['service', 'child', 'goods', 'goods_items', 'uncategorised', 'urgent']);
/** A kind of labelled need. */
export type NeedKind = z.infer<typeof NeedKindSchema>;

/** Schema of the labelled evaluation set (seeds/quality-set.json). */
export const QualitySetSchema = PoolSchema.extend({
  description: z.string().optional(),
  now: z.string(),
  needs: z.array(NeedSchema.extend({ kind: NeedKindSchema })),
  labels: z.record(z.string(), z.object({ ideal: z.string(), acceptable: z.array(z.string()), note: z.string().optional() })),
});
/** The labelled evaluation set. */
export type QualitySet = z.infer<typeof QualitySetSchema>;

/** Ranking-quality figures over a labelled set. */
export interface QualityFigures {
  needs: number;
  /** Share of needs whose first result is the ideal. */
  p1: number;
  /** Share of needs whose ideal is in the first three. */
  hit3: number;
  /** Mean reciprocal rank of the ideal (0 when absent). */
  mrr: number;
  /** Share of needs whose first result is the ideal or an acceptable candidate. */
  acceptable1: number;
  /** Returned results that a hard rule should have excluded. */
  violations: number;
}

/**
 * Score a ranker over the labelled set. `isViolation` says whether a returned result breaks a hard rule.
 */
export function evaluate(
  set: QualitySet,
  rank: (need: Need) => MatchResult[],
  isViolation: (need: Need, r: MatchResult) => boolean,
): QualityFigures & { perNeed: PerNeed[] } {
  const perNeed: PerNeed[] = [];
  for (const need of set.needs) {
    const label = set.labels[need.id];
    if (!label) continue;
    const results = rank(need);
    const ids = results.map((r) => r.id);
    const pos = ids.indexOf(label.ideal);
    const v = results.filter((r) => isViolation(need, r)).length;
    perNeed.push({
      id: need.id,
      kind: need.kind,
      ideal: label.ideal,
      got: ids,
      rank: pos + 1,
      acceptable1: ids[0] !== undefined && (ids[0] === label.ideal || label.acceptable.includes(ids[0])),
      violations: v,
    });
  }
  return { ...summarise(perNeed), perNeed };
}

/** How one labelled need fared. */
export interface PerNeed {
  id: string;
  kind: NeedKind;
  ideal: string;
  got: string[];
  /** 1-based rank of the ideal, 0 when absent. */
  rank: number;
  acceptable1: boolean;
  violations: number;
}

/** Figures over some of the needs (all of them, or one kind). */
export function summarise(perNeed: readonly PerNeed[]): QualityFigures {
  let p1 = 0;
  let hit3 = 0;
  let mrr = 0;
  let acc1 = 0;
  let violations = 0;
  for (const p of perNeed) {
    if (p.rank === 1) p1++;
    if (p.rank >= 1 && p.rank <= 3) hit3++;
    if (p.rank >= 1) mrr += 1 / p.rank;
    if (p.acceptable1) acc1++;
    violations += p.violations;
  }
  const n = perNeed.length || 1;
  const r3 = (x: number) => Math.round((x / n) * 1000) / 1000;
  return { needs: perNeed.length, p1: r3(p1), hit3: r3(hit3), mrr: r3(mrr), acceptable1: r3(acc1), violations };
}

/** Figures per kind of need, in NeedKindSchema order (kinds without needs left out). */
export function byKind(perNeed: readonly PerNeed[]): { kind: NeedKind; figures: QualityFigures }[] {
  return NeedKindSchema.options.flatMap((kind) => {
    const of = perNeed.filter((p) => p.kind === kind);
    return of.length ? [{ kind, figures: summarise(of) }] : [];
  });
}

/** Find a candidate of a pool by kind and id. */
export function findCandidate(pool: Pool, kind: MatchResult['kind'], id: string) {
  switch (kind) {
    case 'volunteer': {
      const item = pool.volunteers.find((v) => v.id === id);
      return item && { kind, item };
    }
    case 'organisation': {
      const item = pool.organisations.find((o) => o.id === id);
      return item && { kind, item };
    }
    case 'resource': {
      const item = pool.resources.find((r) => r.id === id);
      return item && { kind, item };
    }
  }
}

/** Parse the evaluation set. */
export function parseQualitySet(raw: unknown): QualitySet {
  return QualitySetSchema.parse(raw);
}
