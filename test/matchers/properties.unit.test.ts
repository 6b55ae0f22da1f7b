import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIndex, defaultRules, explainExclusion, rankNeed, type Need, type Pool } from '../../matchers/index.js';
import { generateCounty } from '../../bench/dataset.js';

const NOW = '2026-11-23T09:00:00+08:00';

/** Small random counties from the bench generator, seeded by fast-check. */
const countyArb = fc.integer({ min: 1, max: 1_000_000 }).map((seed) => generateCounty({ seed, needs: 6, candidates: 60 }));

function find(pool: Pool, kind: string, id: string) {
  if (kind === 'volunteer') return { kind, item: pool.volunteers.find((v) => v.id === id)! } as const;
  if (kind === 'organisation') return { kind, item: pool.organisations.find((o) => o.id === id)! } as const;
  return { kind: 'resource', item: pool.resources.find((r) => r.id === id)! } as const;
}

describe('matcher properties', () => {
  it('keeps every score in [0,1] and never returns a candidate a hard rule excludes', () => {
    fc.assert(
      fc.property(countyArb, (county) => {
        const index = buildIndex(county.pool, defaultRules, NOW);
        for (const n of county.needs) {
          for (const r of rankNeed(index, n, { top: 20 })) {
            expect(r.score).toBeGreaterThanOrEqual(0);
            expect(r.score).toBeLessThanOrEqual(1);
            expect(explainExclusion(n, find(county.pool, r.kind, r.id), defaultRules, NOW)).toEqual([]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic: same input, identical output, ties broken by id', () => {
    fc.assert(
      fc.property(countyArb, (county) => {
        const a = buildIndex(county.pool, defaultRules, NOW);
        const b = buildIndex(structuredClone(county.pool), defaultRules, NOW);
        for (const n of county.needs) {
          const ra = rankNeed(a, n, { top: 10 });
          expect(rankNeed(b, structuredClone(n), { top: 10 })).toEqual(ra);
          expect(rankNeed(a, n, { top: 10 })).toEqual(ra); // the index is not changed by use
          ra.forEach((cur, i) => {
            const prev = ra[i - 1];
            if (prev) expect(prev.score > cur.score || (prev.score === cur.score && prev.id <= cur.id)).toBe(true);
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('never ranks a closer volunteer worse, all else equal', () => {
    const base = {
      stationCode: '620723101',
      name: '志愿者',
      skills: ['陪诊'],
      description: '',
      certifications: ['护士'],
      availability: [{ day: 3, start: '08:00', end: '12:00' }],
      radiusKm: 30,
      maxActive: 3,
      active: 0,
    };
    const n: Need = {
      id: 'n',
      stationCode: '620723101',
      communityCode: '620723101201',
      title: '陪诊',
      description: '',
      groups: [],
      urgency: 'normal',
      location: { lat: 39.15, lng: 100.16 },
      schedule: { kind: 'recurring', windows: [] },
      skills: [],
      status: 'open',
      source: 'survey',
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.constantFrom('a', 'z'),
        (d1, d2, nearId) => {
          const [dNear, dFar] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const farId = nearId === 'a' ? 'z' : 'a';
          const near = { ...base, id: nearId, location: { lat: 39.15 + dNear, lng: 100.16 } };
          const far = { ...base, id: farId, location: { lat: 39.15 + dFar, lng: 100.16 } };
          const got = rankNeed(buildIndex({ volunteers: [far, near] }, defaultRules, NOW), n, { top: 5 });
          const sNear = got.find((r) => r.id === nearId)!;
          const sFar = got.find((r) => r.id === farId)!;
          expect(sNear.score).toBeGreaterThanOrEqual(sFar.score);
          if (sNear.score > sFar.score) expect(got[0]?.id).toBe(nearId);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('returns the same top results as scoring every feasible candidate (pruning is exact)', () => {
    fc.assert(
      fc.property(countyArb, (county) => {
        const index = buildIndex(county.pool, defaultRules, NOW);
        const wide = { ...defaultRules, shortlistSize: 0 };
        const exact = buildIndex(county.pool, wide, NOW);
        for (const n of county.needs) {
          // With fuse refinement off, top 3 of a 3-wide search equals the first 3 of a 50-wide search.
          expect(rankNeed(exact, n, { top: 3, reasons: false })).toEqual(rankNeed(exact, n, { top: 50, reasons: false }).slice(0, 3));
        }
        expect(index.size).toBe(60);
      }),
      { numRuns: 25 },
    );
  });
});

describe('indexed word overlap', () => {
  it('equals the word-set overlap for every feasible pair', async () => {
    const { feasibleCandidates, idfOf } = await import('../../matchers/candidates.js');
    const { needBound } = await import('../../matchers/bound.js');
    const { profileNeed } = await import('../../matchers/profile.js');
    const { addTextParts, addTextPartsIndexed, nonTextParts } = await import('../../matchers/scorers.js');
    const county = generateCounty({ seed: 11, needs: 40, candidates: 300 });
    const index = buildIndex(county.pool, defaultRules, NOW);
    let pairs = 0;
    for (const n of county.needs) {
      const np = profileNeed(index.engine, n);
      const nb = needBound(index, np, (t) => idfOf(index, t));
      for (const cp of feasibleCandidates(index, np)) {
        const k = cp.kind === 'volunteer' ? index.volunteers : cp.kind === 'organisation' ? index.organisations : index.resources;
        const a = nonTextParts(index.engine, np, cp, cp.item, 0);
        const b = { ...a };
        addTextParts(np, cp, cp.tokenSet, nb.wordIdf, nb.idfSum, a);
        addTextPartsIndexed(np, cp, k.tokOff, k.tokEnd, k.tokIds, nb.wordIds, nb.wordIdf, nb.idfSum, b);
        expect(b.tokens).toBeCloseTo(a.tokens, 12);
        expect(b.text).toBeCloseTo(a.text, 12);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });
});

describe('bounded ranking', () => {
  it('returns exactly the best feasible candidates a brute-force scoring of the recalled set finds', async () => {
    const { feasibleCandidates, idfOf } = await import('../../matchers/candidates.js');
    const { profileNeed } = await import('../../matchers/profile.js');
    const { combine, scoreParts } = await import('../../matchers/scorers.js');
    const { compareScored } = await import('../../matchers/rank.js');
    const { minuteOfWeek } = await import('../../matchers/schedule.js');
    const rules = { ...defaultRules, shortlistSize: 0 }; // fuse off: the reference has no fuse
    fc.assert(
      // Half the counties carry same-day deadlines and organisations' response times (deadline scoring, its bound).
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, deadlines) => {
        const county = generateCounty({ seed, needs: 8, candidates: 150, deadlines });
        const index = buildIndex(county.pool, rules, NOW);
        const mow = minuteOfWeek(Date.parse(NOW), rules.timezoneOffsetMinutes);
        for (const n of county.needs) {
          const np = profileNeed(index.engine, n);
          const reference = feasibleCandidates(index, np)
            .map((cp) => {
              const p = scoreParts(index.engine, np, cp, cp.item, cp.tokenSet, (t) => idfOf(index, t), mow, index.nowMs);
              const relevant = Math.max(p.category, p.text) >= rules.minRelevance;
              p.text = 0.8 * p.text + 0.2 * p.tokens;
              return { item: cp.item, score: combine(rules, p), relevant };
            })
            .filter((x) => x.relevant)
            .sort(compareScored)
            .slice(0, 5)
            .map((x) => [x.item.kind, x.item.item.id, x.score]);
          const got = rankNeed(index, n, { top: 5, reasons: false }).map((r) => [r.kind, r.id, r.score]);
          expect(got).toEqual(reference);
        }
      }),
      { numRuns: 30 },
    );
  });
});
