import type { StationScope } from '../auth/actor.js';

/** What an evaluation round evaluates: one station over a span of months. */
export interface ProviderContext {
  station: { code: string; name: string; countyCode: string };
  /** The station's scope (kind 'station'): pass it to scoped repositories. */
  scope: StationScope & { kind: 'station' };
  period: { from: string; to: string; months: string[]; lastDay: string };
}

/** A computed indicator's value: a number (a share as 0…1), or null when the records cannot say. */
export interface ProvidedValue {
  value: number | null;
  /** How it was computed, in Chinese, shown beside the score (e.g. "持证 3 人 / 在岗 4 人"). */
  detail?: string;
}

/** Computes one indicator for a station and period. */
export type IndicatorProvider = (ctx: ProviderContext) => Promise<ProvidedValue>;

const providers = new Map<string, IndicatorProvider>();

/**
 * Registers the provider of an indicator id used by schemes (`"provider": "cases.count"`). Areas
 * register at import time; registering the same id again replaces it (the newest source wins).
 */
export function registerIndicatorProvider(id: string, provider: IndicatorProvider): void {
  providers.set(id, provider);
}

/** The provider of an id, or undefined: then the evaluator enters the value. */
export function indicatorProvider(id: string): IndicatorProvider | undefined {
  return providers.get(id);
}

/** Ids with a provider (the console shows which indicators fill themselves in). */
export function providerIds(): string[] {
  return [...providers.keys()].sort();
}

/** The months from `from` to `to` inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The last calendar day of a month (YYYY-MM-DD). */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
