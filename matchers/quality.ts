import { z } from 'zod';
import { NeedSchema, PoolSchema, type MatchResult, type Need, type Pool } from './types.js';

/** Schema of the labelled evaluation set (seeds/quality-set.json). */
export const QualitySetSchema = PoolSchema.extend({
  description: z.string().optional(),
  now: z.string(),
  needs: z.array(NeedSchema),
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
): QualityFigures & { perNeed: { id: string; ideal: string; got: string[]; rank: number }[] } {
  let p1 = 0;
  let hit3 = 0;
  let mrr = 0;
  let acc1 = 0;
  let violations = 0;
  const perNeed = [];
  for (const need of set.needs) {
    const label = set.labels[need.id];
    if (!label) continue;
    const results = rank(need);
    const ids = results.map((r) => r.id);
    const pos = ids.indexOf(label.ideal);
    if (pos === 0) p1++;
    if (pos >= 0 && pos < 3) hit3++;
    if (pos >= 0) mrr += 1 / (pos + 1);
    if (ids[0] !== undefined && (ids[0] === label.ideal || label.acceptable.includes(ids[0]))) acc1++;
    for (const r of results) if (isViolation(need, r)) violations++;
    perNeed.push({ id: need.id, ideal: label.ideal, got: ids, rank: pos + 1 });
  }
  const n = perNeed.length || 1;
  const r3 = (x: number) => Math.round((x / n) * 1000) / 1000;
  return { needs: perNeed.length, p1: r3(p1), hit3: r3(hit3), mrr: r3(mrr), acceptable1: r3(acc1), violations, perNeed };
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
