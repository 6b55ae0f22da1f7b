import { badRequest } from '../http/errors.js';

/** A reporting period: a month (2026-11), a quarter (2026-Q4) or a year (2026), in China time. */
export interface Period {
  key: string;
  kind: 'month' | 'quarter' | 'year';
  months: string[];
  /** First and last instant (exclusive) in China time. */
  from: Date;
  to: Date;
  /** First and last day (inclusive), YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

export const PERIOD_RE = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000);
const pad = (n: number) => String(n).padStart(2, '0');

/** Parses 2026-11, 2026-Q4 or 2026; anything else is a Chinese 400. */
export function parsePeriod(key: string): Period {
  const m = PERIOD_RE.exec(key);
  if (!m) throw badRequest('invalid_period', '统计周期格式应为 YYYY-MM、YYYY-Q1..Q4 或 YYYY');
  const y = Number(m[1]);
  const [first, count, kind] = m[2]
    ? [Number(m[2]), 1, 'month' as const]
    : m[3]
      ? [(Number(m[3]) - 1) * 3 + 1, 3, 'quarter' as const]
      : [1, 12, 'year' as const];
  const months = Array.from({ length: count }, (_, i) => `${y}-${pad(first + i)}`);
  const last = first + count - 1;
  const lastDate = new Date(Date.UTC(y, last, 0));
  return {
    key,
    kind,
    months,
    from: monthStart(y, first),
    to: monthStart(y, last + 1),
    firstDay: `${months[0]}-01`,
    lastDay: `${y}-${pad(last)}-${pad(lastDate.getUTCDate())}`,
  };
}
