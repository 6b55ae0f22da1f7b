import type { StationScope } from '../auth/actor.js';
import type { ExportSheet } from './workbook.js';
import { previousPeriod, yearToDate, type Period } from './periods.js';

/**
 * One month of an indicator: a count, or a ratio kept as numerator and denominator so quarters and
 * years are summed first and divided once (an average of monthly rates would weigh small months up).
 */
export type MonthValue = { kind: 'count'; value: number } | { kind: 'ratio'; num: number; den: number };

/**
 * An indicator of the monthly/quarterly/annual report. Areas contribute these (the station statistics
 * of issue 13 register theirs with `registerReportIndicator`); the builder knows nothing of where they come from.
 */
export interface ReportIndicator {
  id: string;
  /** Row label as the bureau writes it (本月新增需求数, 重点对象探访率 …). */
  label: string;
  unit: string;
  /** The values of every station in scope for one month, by station code (`memo` shares work between indicators). */
  month(scope: StationScope, month: string, memo: Memo): Promise<Map<string, MonthValue>>;
}

/** Runs `fn` once per key within one report (several indicators read the same monthly figures). */
export type Memo = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A fresh memo for one report. */
export function newMemo(): Memo {
  const cache = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>) => {
    if (!cache.has(key)) cache.set(key, fn());
    return cache.get(key) as Promise<T>;
  };
}

const indicators = new Map<string, ReportIndicator>();

/** Adds (or replaces) a report indicator; rows appear in registration order. */
export function registerReportIndicator(indicator: ReportIndicator): void {
  indicators.set(indicator.id, indicator);
}

/** The registered indicators, in order. */
export function reportIndicators(): ReportIndicator[] {
  return [...indicators.values()];
}

/** One computed report row. */
export interface ReportRow {
  id: string;
  label: string;
  unit: string;
  current: number | null;
  previous: number | null;
  yearToDate: number | null;
}

function fold(values: MonthValue[]): number | null {
  if (values.length === 0) return null;
  if (values[0]!.kind === 'count') return values.reduce((s, v) => s + (v.kind === 'count' ? v.value : 0), 0);
  let num = 0;
  let den = 0;
  for (const v of values) {
    if (v.kind !== 'ratio') continue;
    num += v.num;
    den += v.den;
  }
  return den > 0 ? num / den : null;
}

/** The value of an indicator over a period, for one station or (stationCode undefined) the whole scope. */
async function over(
  ind: ReportIndicator,
  scope: StationScope,
  period: Period,
  stationCode: string | undefined,
  memo: Memo,
): Promise<number | null> {
  const values: MonthValue[] = [];
  for (const month of period.months) {
    const byStation = await ind.month(scope, month, memo);
    for (const [code, v] of byStation) if (!stationCode || code === stationCode) values.push(v);
  }
  return fold(values);
}

/** Rows of the report: this period, the period before, and the year to date, for every indicator given. */
export async function reportRows(list: ReportIndicator[], scope: StationScope, period: Period, stationCode?: string): Promise<ReportRow[]> {
  const prev = previousPeriod(period);
  const ytd = yearToDate(period);
  const rows: ReportRow[] = [];
  const memo = newMemo();
  for (const ind of list) {
    rows.push({
      id: ind.id,
      label: ind.label,
      unit: ind.unit,
      current: await over(ind, scope, period, stationCode, memo),
      previous: await over(ind, scope, prev, stationCode, memo),
      yearToDate: await over(ind, scope, ytd, stationCode, memo),
    });
  }
  return rows;
}

const show = (v: number | null, unit: string) => (v === null ? '—' : unit === '%' ? Math.round(v * 1000) / 10 : Math.round(v * 100) / 100);

/** The sheet a bureau clerk recognises: title, period, station, one row per indicator. */
export function reportSheet(opts: {
  title: string;
  period: Period;
  stationName: string;
  rows: ReportRow[];
  generatedAt: Date;
}): ExportSheet {
  const prev = previousPeriod(opts.period);
  return {
    name: '报表',
    titleLines: [opts.title, `报告期：${opts.period.label}`, `填报单位：${opts.stationName}`],
    columns: [
      { header: '序号', width: 6 },
      { header: '指标', width: 28 },
      { header: '单位', width: 8 },
      { header: `本期（${opts.period.label}）`, width: 18 },
      { header: `上期（${prev.label}）`, width: 18 },
      { header: `本年累计（${yearToDate(opts.period).label}）`, width: 20 },
    ],
    rows: opts.rows.map((r, i) => [i + 1, r.label, r.unit, show(r.current, r.unit), show(r.previous, r.unit), show(r.yearToDate, r.unit)]),
  };
}
