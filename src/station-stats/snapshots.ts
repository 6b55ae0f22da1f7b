/**
 * Monthly trends and station comparison (互比互学) from stored snapshots. A month that has ended is
 * computed once and frozen; the current month is computed live (the nightly job also stores it, open).
 * Only a county admin's recompute, with a reason, changes a frozen month.
 */
import { narrowScope, type Actor, type StationScope } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { badRequest, forbidden } from '../http/errors.js';
import { monthOf } from '../shared/china-time.js';
import { listStations } from '../stations/service.js';
import { computeStationStats, countyTotal, type StationStats } from './compute.js';
import { parsePeriod } from './period.js';
import { stationSnapshots, type StationMonthSnapshotDoc } from './repositories/snapshots.js';

/** The `count` months up to and including the month of `now`, oldest first. */
export function lastMonths(now: Date, count: number): string[] {
  const [y, m] = monthOf(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/**
 * Computes a month for every open station of the scope and stores it: a missing snapshot is inserted,
 * an open one is refreshed (and frozen when `frozen`); a frozen one is left as it is.
 */
export async function storeMonth(scope: StationScope, month: string, frozen: boolean, now: Date): Promise<number> {
  const { stations } = await computeStationStats(scope, parsePeriod(month));
  for (const stats of stations) {
    const doc = { countyCode: scope.countyCode, stationCode: stats.stationCode, month, stats, frozen, computedAt: now };
    if (!(await stationSnapshots.insertOnce(doc))) await stationSnapshots.refreshOpen(stats.stationCode, month, stats, frozen, now);
  }
  return stations.length;
}

export interface MonthRow {
  month: string;
  /** True for a month that has ended (stored figures); false for the current month (live). */
  frozen: boolean;
  stations: Array<StationStats & { computedAt: string | null; recomputes: number }>;
  county: StationStats | null;
}

/** Each of the months, per station (and the county total), past months from their frozen snapshots. */
export async function monthlySeries(scope: StationScope, months: string[], now = new Date()): Promise<MonthRow[]> {
  const current = monthOf(now);
  const open = await listStations(scope, { openOnly: scope.kind === 'county' });
  const openCodes = new Set(open.map((s) => s.code));
  const past = months.filter((m) => m < current);
  let stored = await stationSnapshots.inScope(scope, past);
  // A past month with a station missing (or still open from the nightly job) is computed once and frozen.
  const incomplete = past.filter((m) => {
    const frozenCodes = new Set(stored.filter((s) => s.month === m && s.frozen).map((s) => s.stationCode));
    return [...openCodes].some((c) => !frozenCodes.has(c));
  });
  for (const m of incomplete) await storeMonth(scope, m, true, now);
  if (incomplete.length) stored = await stationSnapshots.inScope(scope, past);

  const rows: MonthRow[] = [];
  for (const month of months) {
    if (month > current) continue;
    let stations: MonthRow['stations'];
    if (month === current) {
      const live = await computeStationStats(scope, parsePeriod(month));
      stations = live.stations.map((s) => ({ ...s, computedAt: null, recomputes: 0 }));
    } else {
      stations = stored
        .filter((s) => s.month === month && openCodes.has(s.stationCode))
        .map((s) => ({ ...s.stats, computedAt: new Date(s.computedAt).toISOString(), recomputes: s.recomputes.length }));
    }
    const county = scope.kind === 'county' && stations.length ? countyTotal(stations, scope.countyCode) : null;
    rows.push({ month, frozen: month !== current, stations, county });
  }
  return rows;
}

/** Recomputes of the snapshots of a scope for some months (who, when, why), newest first. */
export async function snapshotHistory(
  scope: StationScope,
  months: string[],
): Promise<Array<{ month: string; stationCode: string; at: string; by: string; reason: string }>> {
  const docs = await stationSnapshots.inScope(scope, months);
  return docs
    .flatMap((d) =>
      d.recomputes.map((r) => ({
        month: d.month,
        stationCode: d.stationCode,
        at: new Date(r.at).toISOString(),
        by: r.by,
        reason: r.reason,
      })),
    )
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}

/**
 * A county admin recomputes a past month's snapshots (one station or all), with the reason: the new
 * figures replace the stored ones, the replaced figures and the reason are kept, and the change is audited.
 */
export async function recomputeSnapshots(
  actor: Actor,
  input: { month: string; stationCode?: string; reason: string },
  opts: { now?: Date; requestId?: string } = {},
): Promise<StationMonthSnapshotDoc[]> {
  if (actor.role !== 'admin') throw forbidden('只有县级管理员可以重算月度统计');
  const now = opts.now ?? new Date();
  if (input.month >= monthOf(now)) throw badRequest('month_not_ended', '只能重算已结束月份的统计（本月数据实时计算）');
  const scope = narrowScope(actor, input.stationCode);
  await monthlySeries(scope, [input.month], now);
  const { stations } = await computeStationStats(scope, parsePeriod(input.month));
  const byCode = new Map(stations.map((s) => [s.stationCode, s]));
  const updated: StationMonthSnapshotDoc[] = [];
  for (const snap of await stationSnapshots.inScope(scope, [input.month])) {
    const stats = byCode.get(snap.stationCode);
    if (!stats) continue;
    const doc = await stationSnapshots.recompute(snap, stats, { at: now, by: actor.userId, reason: input.reason, previous: snap.stats });
    if (!doc) continue;
    updated.push(doc);
    await audit(actor, {
      action: 'write',
      entity: 'station_month_snapshot',
      entityIds: [String(doc._id)],
      fields: ['stats'],
      stationCode: doc.stationCode,
      requestId: opts.requestId,
    });
  }
  return updated;
}
