import { describe, expect, it } from 'vitest';
import { allocate, buildIndex, defaultRules, rankNeed } from '../../matchers/index.js';
import { need, NOW, organisation, resource, volunteer } from './fixtures.js';

describe('ranking', () => {
  it('proposes the volunteer whose skills match, not unrelated ones who live nearer', () => {
    const escort = volunteer({ id: 'escort', skills: ['陪同就医'], location: { lat: 39.16, lng: 100.17 } });
    const cook = volunteer({
      id: 'cook',
      skills: ['送餐'],
      description: '',
      certifications: [],
      location: { lat: 39.1401, lng: 100.1601 },
    });
    const repair = volunteer({
      id: 'repair',
      skills: ['修水管'],
      description: '',
      certifications: [],
      location: { lat: 39.1401, lng: 100.1601 },
    });
    const index = buildIndex({ volunteers: [escort, cook, repair] }, defaultRules, NOW);
    const got = rankNeed(index, need({ category: undefined, title: '带老人去医院看病' }));
    expect(got.map((r) => r.id)).toEqual(['escort']);
  });
  it('gives every result a score in [0,1] and Chinese reasons with weights', () => {
    const index = buildIndex({ volunteers: [volunteer()], organisations: [organisation()] }, defaultRules, NOW);
    for (const r of rankNeed(index, need())) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.reasons.length).toBeGreaterThan(3);
      for (const reason of r.reasons) {
        expect(reason.text).toMatch(/[\u4e00-\u9fff]/);
        expect(reason.weight).toBeGreaterThanOrEqual(0);
      }
    }
    const v = rankNeed(index, need()).find((r) => r.kind === 'volunteer')!;
    expect(v.reasons.find((r) => r.rule === 'distance')?.text).toMatch(/^距离 \d+\.\d 公里，在服务半径 5\.0 公里内$/);
  });
  it('understands typed pinyin and homophone typos in the need', () => {
    const index = buildIndex(
      { volunteers: [volunteer({ skills: ['陪诊'] }), volunteer({ id: 'cook', skills: ['送餐'] })] },
      defaultRules,
      NOW,
    );
    expect(rankNeed(index, need({ title: '需要 peizhen' }))[0]?.id).toBe('v1');
    expect(rankNeed(index, need({ title: '需要赔诊' }))[0]?.id).toBe('v1');
  });
  it('gives the same volunteer a continuity bonus on a recurring need', () => {
    const a = volunteer({ id: 'a' });
    const b = volunteer({ id: 'b' });
    const index = buildIndex({ volunteers: [a, b] }, defaultRules, NOW);
    const plain = rankNeed(index, need());
    expect(plain[0]?.score).toBe(plain[1]?.score);
    expect(plain[0]?.id).toBe('a'); // tie broken by id
    const got = rankNeed(index, need({ previousVolunteerIds: ['b'] }));
    expect(got[0]?.id).toBe('b');
    expect(got[0]?.reasons.find((r) => r.rule === 'continuity')?.value).toBe(1);
  });
  it('prefers the less loaded of two otherwise equal volunteers', () => {
    const busy = volunteer({ id: 'a-busy', active: 2 });
    const idle = volunteer({ id: 'b-idle', active: 0 });
    const got = rankNeed(buildIndex({ volunteers: [busy, idle] }, defaultRules, NOW), need());
    expect(got.map((r) => r.id)).toEqual(['b-idle', 'a-busy']);
  });
  it('returns at most `top` results', () => {
    const vs = Array.from({ length: 12 }, (_, i) => volunteer({ id: `v${String(i).padStart(2, '0')}` }));
    expect(rankNeed(buildIndex({ volunteers: vs }, defaultRules, NOW), need(), { top: 3 })).toHaveLength(3);
  });
});

describe('allocation', () => {
  it('serves urgent needs first when a volunteer can take only one more', () => {
    const v = volunteer({ maxActive: 1, active: 0 });
    const index = buildIndex({ volunteers: [v] }, defaultRules, NOW);
    const res = allocate(index, [need({ id: 'a-normal' }), need({ id: 'b-critical', urgency: 'critical' })]);
    expect(res.assignments.map((a) => a.needId)).toEqual(['b-critical']);
    expect(res.unassigned).toEqual(['a-normal']);
  });
  it('respects organisation capacity and splits goods across resources', () => {
    const o = organisation({ capacityPerMonth: 3, usedThisMonth: 1 });
    const needs = ['x', 'y', 'z'].map((id) => need({ id }));
    const res = allocate(buildIndex({ organisations: [o] }, defaultRules, NOW), needs);
    expect(res.assignments).toHaveLength(2);

    const small = resource({ id: 'r-small', remaining: { amount: 6, unit: '斤' } });
    const big = resource({ id: 'r-big', remaining: { amount: 10, unit: '斤' } });
    const rice = need({ id: 'rice', category: 'material_aid', title: '需要大米', quantity: { amount: 14, unit: '斤' } });
    const res2 = allocate(buildIndex({ resources: [small, big] }, defaultRules, NOW), [rice]);
    expect(res2.assignments.reduce((s, a) => s + (a.amount ?? 0), 0)).toBe(14);
    expect(res2.partial).toEqual([]);
  });
  it('reports a partly covered goods need', () => {
    const r = resource({ remaining: { amount: 5, unit: '斤' } });
    const rice = need({ id: 'rice', category: 'material_aid', title: '需要大米', quantity: { amount: 20, unit: '斤' } });
    const res = allocate(buildIndex({ resources: [r] }, defaultRules, NOW), [rice]);
    expect(res.assignments[0]).toMatchObject({ id: 'r1', amount: 5, unit: '斤' });
    expect(res.partial).toEqual(['rice']);
  });
  it('moves a need to its second choice when that frees the only candidate of another need', () => {
    // A can be served by x or y; B only by x. Greedy alone would give x to A (higher score) and leave B empty.
    const x = volunteer({ id: 'x', maxActive: 1, skills: ['陪诊', '陪同就医'], location: { lat: 39.1401, lng: 100.1601 } });
    const y = volunteer({ id: 'y', maxActive: 1, skills: ['陪诊'], location: { lat: 39.17, lng: 100.16 } });
    const a = need({ id: 'A' });
    const b = need({ id: 'B', location: { lat: 39.115, lng: 100.16 } }); // y is out of radius for B
    const res = allocate(buildIndex({ volunteers: [x, y] }, defaultRules, NOW), [a, b]);
    expect(Object.fromEntries(res.assignments.map((s) => [s.needId, s.id]))).toEqual({ A: 'y', B: 'x' });
  });
});

describe('parallel re-match', () => {
  it('gives the same allocation as the single-thread allocate', async () => {
    const { generateCounty } = await import('../../bench/dataset.js');
    const { createParallelMatcher } = await import('../../matchers/parallel.js');
    const county = generateCounty({ seed: 5, needs: 300, candidates: 400 });
    const serial = allocate(buildIndex(county.pool, defaultRules, county.now), county.needs);
    const pm = await createParallelMatcher(county.pool, defaultRules, county.now, { workers: 2 });
    try {
      expect(await pm.allocate(county.needs)).toEqual(serial);
    } finally {
      await pm.close();
    }
  });
});
