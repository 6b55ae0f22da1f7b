import { z } from 'zod';

/** A reporting period: a month (2026-03), a quarter (2026-Q1) or a year (2026). */
export const PeriodKeySchema = z
  .string()
  .regex(/^(\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|\d{4})$/, '报告期格式应为 YYYY-MM、YYYY-Q1…Q4 或 YYYY');

export type PeriodKind = 'month' | 'quarter' | 'year';

/** A period as the months it covers (YYYY-MM, inclusive). */
export interface Period {
  key: string;
  kind: PeriodKind;
  label: string;
  months: string[];
}

const mm = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
const range = (y: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => mm(y, from + i));

/** Parses a period key. */
export function periodOf(key: string): Period {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) {
    const y = Number(q[1]);
    const n = Number(q[2]);
    return { key, kind: 'quarter', label: `${y}年第${'一二三四'[n - 1]}季度`, months: range(y, n * 3 - 2, n * 3) };
  }
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return { key, kind: 'month', label: `${Number(m[1])}年${Number(m[2])}月`, months: [key] };
  const y = Number(key);
  return { key, kind: 'year', label: `${y}年`, months: range(y, 1, 12) };
}

/** The period before: last month, last quarter, last year. */
export function previousPeriod(p: Period): Period {
  const [y, m] = p.months[0]!.split('-').map(Number) as [number, number];
  if (p.kind === 'year') return periodOf(String(y - 1));
  if (p.kind === 'quarter') {
    const q = Math.ceil(m / 3);
    return periodOf(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`);
  }
  return periodOf(m === 1 ? mm(y - 1, 12) : mm(y, m - 1));
}

/** January up to the last month of the period (the year to date). */
export function yearToDate(p: Period): Period {
  const last = p.months[p.months.length - 1]!;
  const [y, m] = last.split('-').map(Number) as [number, number];
  return { key: `${y}-YTD-${m}`, kind: 'year', label: `${y}年1—${m}月`, months: range(y, 1, m) };
}
