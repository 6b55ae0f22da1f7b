import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCounty } from '../../bench/dataset.js';
import {
  addCandidate,
  buildIndex,
  defaultRules,
  livePool,
  patchCandidate,
  rankNeed,
  removeCandidate,
  type CandidateKind,
  type MatchIndex,
  type Pool,
  type TaggedCandidate,
} from '../../matchers/index.js';

const NOW = '2026-11-23T09:00:00+08:00';

/** One change to the pool, as the live cache applies it from an event. */
type Op =
  | { op: 'capacity'; kind: 'volunteer' | 'organisation' | 'resource'; pick: number; value: number }
  | { op: 'availability'; pick: number; day: number; start: number; hours: number }
  | { op: 'move'; pick: number; dLat: number; dLng: number; radius: number }
  | { op: 'text'; kind: 'volunteer' | 'organisation' | 'resource'; pick: number; from: number }
  | { op: 'add'; kind: 'volunteer' | 'organisation' | 'resource'; from: number }
  | { op: 'remove'; kind: 'volunteer' | 'organisation' | 'resource'; pick: number };

const kindArb = fc.constantFrom('volunteer' as const, 'organisation' as const, 'resource' as const);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('capacity' as const),
      kind: kindArb,
      pick: fc.nat(),
      value: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('availability' as const),
      pick: fc.nat(),
      day: fc.integer({ min: 0, max: 6 }),
      start: fc.integer({ min: 6, max: 18 }),
      hours: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      pick: fc.nat(),
      dLat: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
      dLng: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
      radius: fc.integer({ min: 1, max: 60 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('text' as const), kind: kindArb, pick: fc.nat(), from: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), kind: kindArb, from: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), kind: kindArb, pick: fc.nat() }) },
);

const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The pool's list of a kind, as tagged candidates. */
function tagged(pool: Pool, kind: CandidateKind): TaggedCandidate[] {
  if (kind === 'volunteer') return pool.volunteers.map((item) => ({ kind, item }));
  if (kind === 'organisation') return pool.organisations.map((item) => ({ kind, item }));
  return pool.resources.map((item) => ({ kind: 'resource', item }));
}

/** Apply one op to the index (as a patch) and return a description of what changed, or nothing when the op did not apply. */
function apply(index: MatchIndex, donor: Pool, op: Op, serial: number): void {
  const pool = livePool(index);
  if (op.op === 'add') {
    const from = tagged(donor, op.kind);
    const c = from[op.from % Math.max(1, from.length)];
    if (!c) return;
    addCandidate(index, { kind: c.kind, item: { ...structuredClone(c.item), id: `new-${serial}` } });
    return;
  }
  const list = tagged(pool, op.op === 'availability' || op.op === 'move' ? 'volunteer' : op.kind);
  const c = list[op.pick % Math.max(1, list.length)];
  if (!c) return;
  if (op.op === 'remove') {
    expect(removeCandidate(index, c.kind, c.item.id)).toBe(true);
    return;
  }
  const next = structuredClone(c);
  if (op.op === 'capacity') {
    if (next.kind === 'volunteer') next.item.active = Math.round(op.value * next.item.maxActive);
    else if (next.kind === 'organisation') next.item.usedThisMonth = Math.round(op.value * next.item.capacityPerMonth);
    else next.item.remaining = { ...next.item.remaining, amount: Math.round(op.value * 2 * next.item.remaining.amount) };
  } else if (op.op === 'availability' && next.kind === 'volunteer') {
    next.item.availability = [{ day: op.day, start: hhmm(op.start), end: hhmm(op.start + op.hours) }];
  } else if (op.op === 'move' && next.kind === 'volunteer') {
    next.item.location = { lat: next.item.location.lat + op.dLat, lng: next.item.location.lng + op.dLng };
    next.item.radiusKm = op.radius;
  } else if (op.op === 'text') {
    // Another candidate's words and categories under this one's id.
    const donors = tagged(donor, next.kind);
    const d = donors[op.from % Math.max(1, donors.length)];
    if (!d) return;
    patchCandidate(index, { kind: d.kind, item: { ...structuredClone(d.item), id: c.item.id } });
    return;
  }
  patchCandidate(index, next);
}

describe('live index', () => {
  it('after any sequence of patches, ranks every need exactly as an index freshly built from the resulting pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(opArb, { minLength: 1, maxLength: 40 }), (seed, ops) => {
        const county = generateCounty({ seed, needs: 8, candidates: 60 });
        const donor = generateCounty({ seed: seed + 7, needs: 0, candidates: 40 }).pool;
        const index = buildIndex(county.pool, defaultRules, NOW);
        ops.forEach((op, i) => apply(index, donor, op, i));
        const fresh = buildIndex(livePool(index), defaultRules, NOW);
        expect(index.size).toBe(fresh.size);
        for (const n of county.needs) expect(rankNeed(index, n, { top: 10 })).toEqual(rankNeed(fresh, n, { top: 10 }));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the pool-wide word counts of a fresh build (IDF stays exact)', () => {
    const county = generateCounty({ seed: 11, needs: 0, candidates: 80 });
    const index = buildIndex(county.pool, defaultRules, NOW);
    const [first, second] = county.pool.volunteers;
    expect(first && second).toBeTruthy();
    removeCandidate(index, 'volunteer', first!.id);
    patchCandidate(index, { kind: 'volunteer', item: { ...second!, active: second!.maxActive } });
    addCandidate(index, { kind: 'volunteer', item: { ...first!, id: 'again' } });
    const fresh = buildIndex(livePool(index), defaultRules, NOW);
    expect(new Map([...index.df].sort())).toEqual(new Map([...fresh.df].sort()));
    expect(index.size).toBe(fresh.size);
  });

  it('refuses to patch what is not indexed and to add what is', () => {
    const county = generateCounty({ seed: 3, needs: 0, candidates: 20 });
    const index = buildIndex(county.pool, defaultRules, NOW);
    const v = county.pool.volunteers[0]!;
    expect(() => addCandidate(index, { kind: 'volunteer', item: v })).toThrow(/already indexed/);
    expect(() => patchCandidate(index, { kind: 'volunteer', item: { ...v, id: 'nobody' } })).toThrow(/not indexed/);
    expect(removeCandidate(index, 'volunteer', 'nobody')).toBe(false);
  });
});
