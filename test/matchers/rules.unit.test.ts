import { describe, expect, it } from 'vitest';
import { buildIndex, defaultRules, explainExclusion, mergeRules, rankNeed } from '../../matchers/index.js';
import { need, NOW, organisation, resource, volunteer } from './fixtures.js';

const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

describe('volunteer hard rules', () => {
  it('excludes a volunteer farther than its service radius and says how far', () => {
    const far = volunteer({ id: 'far', location: { lat: 39.3, lng: 100.16 }, radiusKm: 5 });
    const pool = { volunteers: [far, volunteer()], organisations: [], resources: [] };
    expect(ids(rankNeed(buildIndex(pool, defaultRules, NOW), need()))).toEqual(['v1']);
    const why = explainExclusion(need(), { kind: 'volunteer', item: far }, defaultRules, NOW);
    expect(why.map((e) => e.rule)).toEqual(['volunteerRadius']);
    expect(why[0]?.text).toMatch(/距离 17\.\d 公里，超出志愿者服务半径 5\.0 公里/);
  });
  it('excludes a volunteer whose active assignments reached the limit', () => {
    const full = volunteer({ id: 'full', active: 3, maxActive: 3 });
    const pool = { volunteers: [full], organisations: [], resources: [] };
    expect(rankNeed(buildIndex(pool, defaultRules, NOW), need())).toEqual([]);
    expect(explainExclusion(need(), { kind: 'volunteer', item: full }, defaultRules, NOW)[0]?.rule).toBe('volunteerLoad');
  });
  it('excludes a volunteer with no time in common with a one-off need, but only lowers a recurring one', () => {
    const weekend = volunteer({ id: 'weekend', availability: [{ day: 6, start: '09:00', end: '12:00' }] });
    const pool = { volunteers: [weekend], organisations: [], resources: [] };
    const index = buildIndex(pool, defaultRules, NOW);
    const windows = [{ day: 3, start: '09:00', end: '11:00' }];
    expect(rankNeed(index, need({ schedule: { kind: 'once', windows } }))).toEqual([]);
    const recurring = rankNeed(index, need({ schedule: { kind: 'recurring', windows } }));
    expect(ids(recurring)).toEqual(['weekend']);
    expect(recurring[0]?.reasons.find((r) => r.rule === 'availability')?.value).toBe(0);
    const why = explainExclusion(need({ schedule: { kind: 'once', windows } }), { kind: 'volunteer', item: weekend }, defaultRules, NOW);
    expect(why[0]?.text).toContain('周三 09:00–11:00');
  });
  it('treats windows that only touch as no overlap', () => {
    const v = volunteer({ availability: [{ day: 3, start: '11:00', end: '12:00' }] });
    const n = need({ schedule: { kind: 'once', windows: [{ day: 3, start: '09:00', end: '11:00' }] } });
    expect(explainExclusion(n, { kind: 'volunteer', item: v }, defaultRules, NOW).map((e) => e.rule)).toEqual(['volunteerSchedule']);
  });
  it('requires a safeguarding certification for child needs and prefers organisations', () => {
    const teacher = volunteer({ id: 'teacher', skills: ['作业辅导'], certifications: ['教师资格证'], availability: [] });
    const student = volunteer({
      id: 'student',
      skills: ['作业辅导'],
      certifications: [],
      availability: [],
      location: { lat: 39.1401, lng: 100.1601 },
    });
    const org = organisation({ id: 'kids', categories: ['tutoring'], description: '四点半课堂' });
    const pool = { volunteers: [teacher, student], organisations: [org], resources: [] };
    const n = need({ category: 'tutoring', title: '作业辅导', groups: ['留守儿童'] });
    const got = rankNeed(buildIndex(pool, defaultRules, NOW), n);
    expect(ids(got)).not.toContain('student');
    expect(ids(got)).toContain('teacher');
    const why = explainExclusion(n, { kind: 'volunteer', item: student }, defaultRules, NOW);
    expect(why[0]?.rule).toBe('childSafeguarding');
    expect(why[0]?.text).toContain('教师资格证');
    // A station may edit the list: with 无犯罪记录证明 removed and the student holding only that, still excluded.
    const rules = mergeRules(defaultRules, { childSafeguardingCertifications: ['持证社工'] });
    expect(explainExclusion(n, { kind: 'volunteer', item: teacher }, rules, NOW)[0]?.rule).toBe('childSafeguarding');
  });
  it('treats a child group as a child need even when the category is not about children', () => {
    const driver = volunteer({ id: 'driver', skills: ['接送'], certifications: [], availability: [] });
    const n = need({ category: 'transport', title: '接送上学', groups: ['困境儿童'] });
    expect(explainExclusion(n, { kind: 'volunteer', item: driver }, defaultRules, NOW).map((e) => e.rule)).toEqual(['childSafeguarding']);
  });
});

describe('organisation hard rules', () => {
  it('excludes an organisation that used up its monthly capacity', () => {
    const o = organisation({ usedThisMonth: 30, capacityPerMonth: 30 });
    const why = explainExclusion(need(), { kind: 'organisation', item: o }, defaultRules, NOW);
    expect(why[0]).toEqual({ rule: 'organisationCapacity', text: '本月已服务 30 次，达到月服务能力 30 次' });
    expect(rankNeed(buildIndex({ organisations: [o] }, defaultRules, NOW), need())).toEqual([]);
  });
  it('excludes a need outside the coverage, by community list or by circle', () => {
    const byList = organisation({ id: 'list', coverage: { communityCodes: ['620723104201'] } });
    const byCircle = organisation({ id: 'circle', coverage: { center: { lat: 39.5, lng: 100.16 }, radiusKm: 10 } });
    for (const o of [byList, byCircle]) {
      expect(explainExclusion(need(), { kind: 'organisation', item: o }, defaultRules, NOW).map((e) => e.rule)).toEqual([
        'organisationCoverage',
      ]);
    }
    expect(rankNeed(buildIndex({ organisations: [byList, byCircle] }, defaultRules, NOW), need())).toEqual([]);
  });
});

describe('resource hard rules', () => {
  const rice = need({ category: 'material_aid', title: '需要大米', groups: ['低保对象'], quantity: { amount: 10, unit: '斤' } });
  it('excludes expired, depleted, ineligible-group and other-community resources', () => {
    const cases = [
      [resource({ id: 'expired', expiresAt: '2026-11-01T00:00:00+08:00' }), 'resourceExpired'],
      [resource({ id: 'empty', remaining: { amount: 0, unit: '斤' } }), 'resourceDepleted'],
      [resource({ id: 'group', eligibility: { groups: ['优抚对象'] } }), 'resourceGroups'],
      [resource({ id: 'community', eligibility: { communityCodes: ['620723102201'] } }), 'resourceCommunity'],
    ] as const;
    for (const [r, rule] of cases) {
      expect(explainExclusion(rice, { kind: 'resource', item: r }, defaultRules, NOW).map((e) => e.rule)).toEqual([rule]);
    }
    const index = buildIndex({ resources: [...cases.map((c) => c[0]), resource({ id: 'ok' })] }, defaultRules, NOW);
    expect(ids(rankNeed(index, rice))).toEqual(['ok']);
  });
  it('keeps a resource that expires later than now', () => {
    const r = resource({ expiresAt: '2026-12-01T00:00:00+08:00' });
    expect(explainExclusion(rice, { kind: 'resource', item: r }, defaultRules, NOW)).toEqual([]);
  });
  it('meets material needs with resources only and services with volunteers and organisations only', () => {
    const pool = {
      volunteers: [volunteer({ skills: ['送米', '大米'] })],
      organisations: [organisation({ categories: ['material_aid'] })],
      resources: [resource()],
    };
    const index = buildIndex(pool, defaultRules, NOW);
    expect(rankNeed(index, rice).map((r) => r.kind)).toEqual(['resource']);
    expect(rankNeed(index, need()).every((r) => r.kind !== 'resource')).toBe(true);
  });
  it('lets the text decide a missing category (材料 words → resources)', () => {
    const index = buildIndex(
      { volunteers: [volunteer()], resources: [resource({ id: 'wheelchair', title: '轮椅', description: '手动轮椅' })] },
      defaultRules,
      NOW,
    );
    const got = rankNeed(index, need({ title: '老人需要一辆轮椅', description: '', groups: ['残疾人'] }));
    expect(ids(got)).toEqual(['wheelchair']);
  });
  it('can switch a hard rule off per station', () => {
    const r = resource({ id: 'expired', expiresAt: '2026-11-01T00:00:00+08:00' });
    const rules = mergeRules(defaultRules, { hardRules: { resourceExpired: false } });
    expect(ids(rankNeed(buildIndex({ resources: [r] }, rules, NOW), rice))).toEqual(['expired']);
  });
});

describe('why not this candidate', () => {
  it('says which hard rule, or that it is unrelated, or where it ranks', async () => {
    const { explainCandidate } = await import('../../matchers/index.js');
    const far = volunteer({ id: 'far', location: { lat: 39.3, lng: 100.16 } });
    const cook = volunteer({ id: 'cook', skills: ['送餐'], description: '', certifications: [] });
    const second = volunteer({ id: 'second', active: 2 });
    const index = buildIndex({ volunteers: [far, cook, second, volunteer()] }, defaultRules, NOW);
    expect(explainCandidate(index, need(), 'volunteer', 'far')?.text).toMatch(/^被硬性规则排除：距离/);
    expect(explainCandidate(index, need(), 'volunteer', 'cook')?.text).toMatch(/^未被推荐/);
    const s = explainCandidate(index, need(), 'volunteer', 'second');
    expect(s?.rank).toBe(2);
    expect(s?.text).toMatch(/排在第 2 位/);
    expect(explainCandidate(index, need(), 'volunteer', 'nobody')).toBeUndefined();
  });
});
