import { describe, expect, it } from 'vitest';
import { codeOf, macMatches, newSerial, parseCode } from '../../src/certificates/sign.js';
import { monthsBetween, lastDayOf } from '../../src/evaluation/providers.js';
import { DEFAULT_SCHEME, EvaluationSchemeSchema, fractionOf, scoreOf, starOf } from '../../src/evaluation/scheme.js';
import { safeText } from '../../src/exports/cells.js';
import { periodOf, previousPeriod, yearToDate } from '../../src/exports/periods.js';
import { uuidOf } from '../../src/interop/hsds.js';

describe('formula injection', () => {
  it('text that a spreadsheet would run as a formula gets an apostrophe; other text is untouched', () => {
    for (const bad of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])
      expect(safeText(bad)).toEqual({ text: `'${bad}`, escaped: true });
    for (const fine of ['高春梅', '1+1=2', 'a=b', '', '138****1234']) expect(safeText(fine).escaped).toBe(false);
  });
});

describe('report periods', () => {
  it('months, quarters and years with the previous period and the year to date', () => {
    expect(periodOf('2026-03')).toMatchObject({ kind: 'month', label: '2026年3月', months: ['2026-03'] });
    expect(previousPeriod(periodOf('2026-01')).key).toBe('2025-12');
    expect(periodOf('2026-Q2').months).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(previousPeriod(periodOf('2026-Q1')).key).toBe('2025-Q4');
    expect(previousPeriod(periodOf('2026')).key).toBe('2025');
    expect(yearToDate(periodOf('2026-Q2')).months).toHaveLength(6);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
  });
});

describe('the default evaluation scheme', () => {
  it('is valid, weighs 100 points, and carries the 宿州 standard', () => {
    expect(EvaluationSchemeSchema.safeParse(DEFAULT_SCHEME).success).toBe(true);
    expect(DEFAULT_SCHEME.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    const byGroup = (g: string) => DEFAULT_SCHEME.indicators.filter((i) => i.group === g).reduce((s, i) => s + i.weight, 0);
    expect([byGroup('build'), byGroup('operate')]).toEqual([40, 60]);
    const b1 = DEFAULT_SCHEME.indicators.find((i) => i.id === 'B1')!;
    expect([scoreOf(b1, 1), scoreOf(b1, 2)]).toEqual([4, 8]);
    const b5 = DEFAULT_SCHEME.indicators.find((i) => i.id === 'B5')!;
    expect([scoreOf(b5, 19.9), scoreOf(b5, 20)]).toEqual([2.5, 5]);
  });

  it('rules and star thresholds', () => {
    expect(fractionOf({ kind: 'linear', zeroAt: 0.6, fullAt: 1 }, 0.8)).toBeCloseTo(0.5);
    expect(fractionOf({ kind: 'linear', zeroAt: 0.6, fullAt: 1 }, 0.5)).toBe(0);
    expect(fractionOf({ kind: 'boolean' }, 1)).toBe(1);
    expect(starOf(DEFAULT_SCHEME, 59.99)).toEqual({ level: 0, name: '未定级' });
    expect(starOf(DEFAULT_SCHEME, 60)).toEqual({ level: 1, name: '一星' });
    expect(starOf(DEFAULT_SCHEME, 90)).toEqual({ level: 4, name: '四星' });
    expect(starOf(DEFAULT_SCHEME, 100)).toEqual({ level: 5, name: '五星' });
  });
});

describe('certificate codes', () => {
  it('verify only with the key and the exact facts', () => {
    const key = Buffer.alloc(32, 7);
    const facts = { serial: newSerial(), volunteerId: 'v1', from: '2025-01', to: '2025-12', hours: 110 };
    const code = codeOf(key, facts);
    const parsed = parseCode(code)!;
    expect(parsed.serial).toBe(facts.serial);
    expect(macMatches(key, facts, parsed.mac)).toBe(true);
    expect(macMatches(Buffer.alloc(32, 8), facts, parsed.mac)).toBe(false);
    expect(macMatches(key, { ...facts, hours: 1100 }, parsed.mac)).toBe(false);
    expect(parseCode('x')).toBeNull();
  });
});

describe('HSDS ids', () => {
  it('are stable version-5 UUIDs', () => {
    expect(uuidOf('station:620723101')).toBe(uuidOf('station:620723101'));
    expect(uuidOf('station:620723101')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
