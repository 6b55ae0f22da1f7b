import { describe, expect, it } from 'vitest';
import { defaultRules, defaultTaxonomy, mergeRules, MatchingRulesSchema } from '../../matchers/config.js';
import { distanceDecay, haversineKm } from '../../matchers/geo.js';
import { coverageRatio, overlapMinutes, toWeekIntervals, windowsOverlap } from '../../matchers/schedule.js';
import { ConceptMatcher } from '../../matchers/text/concepts.js';

describe('geo', () => {
  it('measures about 111 km per degree of latitude', () => {
    expect(haversineKm({ lat: 39, lng: 100 }, { lat: 40, lng: 100 })).toBeCloseTo(111.2, 0);
  });
  it('gives zero distance for the same point and decays with distance', () => {
    expect(haversineKm({ lat: 39.1, lng: 100.1 }, { lat: 39.1, lng: 100.1 })).toBe(0);
    expect(distanceDecay(0, 5)).toBe(1);
    expect(distanceDecay(5, 5)).toBeCloseTo(Math.exp(-1));
    expect(distanceDecay(2, 5)).toBeGreaterThan(distanceDecay(3, 5));
  });
});

describe('schedule', () => {
  it('does not count windows that only touch as overlapping', () => {
    expect(windowsOverlap({ day: 1, start: '09:00', end: '10:00' }, { day: 1, start: '10:00', end: '11:00' })).toBe(false);
    expect(windowsOverlap({ day: 1, start: '09:00', end: '10:01' }, { day: 1, start: '10:00', end: '11:00' })).toBe(true);
  });
  it('never overlaps windows on different days', () => {
    expect(windowsOverlap({ day: 1, start: '09:00', end: '12:00' }, { day: 2, start: '09:00', end: '12:00' })).toBe(false);
  });
  it('measures the share of the need covered by availability', () => {
    const need = toWeekIntervals([{ day: 3, start: '09:00', end: '11:00' }]);
    const av = toWeekIntervals([{ day: 3, start: '10:00', end: '12:00' }]);
    expect(overlapMinutes(need, av)).toBe(60);
    expect(coverageRatio(need, av)).toBeCloseTo(0.5);
  });
});

describe('config', () => {
  it('ships valid default rules with the safeguarding certification list', () => {
    expect(() => MatchingRulesSchema.parse(defaultRules)).not.toThrow();
    expect(defaultRules.childSafeguardingCertifications).toEqual(
      expect.arrayContaining(['教师资格证', '持证社工', '社工证', '儿童主任', '心理咨询师', '无犯罪记录证明']),
    );
  });
  it('merges a station override key by key and rejects invalid values', () => {
    const merged = mergeRules(defaultRules, { weights: { distance: 0.5 }, hardRules: { volunteerSchedule: false } });
    expect(merged.weights.distance).toBe(0.5);
    expect(merged.weights.text).toBe(defaultRules.weights.text);
    expect(merged.hardRules.volunteerSchedule).toBe(false);
    expect(merged.hardRules.volunteerRadius).toBe(true);
    expect(() => mergeRules(defaultRules, { weights: { distance: -1 } })).toThrow();
  });
  it('ships the 18 categories of the domain taxonomy', () => {
    expect(defaultTaxonomy.categories.map((c) => c.code)).toHaveLength(18);
    const material = defaultTaxonomy.categories.filter((c) => c.material).map((c) => c.code);
    expect(material.sort()).toEqual(['financial_aid', 'material_aid']);
  });
});

describe('concept matcher', () => {
  const m = new ConceptMatcher(defaultTaxonomy);
  const top = (t: string) => m.codes[m.extract(t).top];
  it('reads different wordings of escorting to hospital as medical_escort', () => {
    expect(top('需要陪诊')).toBe('medical_escort');
    expect(top('有人带去医院看病')).toBe('medical_escort');
  });
  it('reads 四点半课堂 and 作业辅导 as tutoring', () => {
    expect(top('四点半课堂')).toBe('tutoring');
    expect(top('孩子需要作业辅导')).toBe('tutoring');
  });
  it('understands typed pinyin and homophone typos', () => {
    expect(top('老人要 peizhen')).toBe('medical_escort');
    expect(top('需要赔诊')).toBe('medical_escort');
    expect(top('申请低宝')).toBe('assistance_application');
  });
  it('finds nothing in unrelated text', () => {
    expect(m.extract('今天天气很好').top).toBe(-1);
  });
});
