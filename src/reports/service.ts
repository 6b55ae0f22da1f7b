import { scopeFilter, type StationScope } from '../auth/actor.js';
import { AssignmentModel } from '../assignments/model.js';
import { NeedModel } from '../needs/model.js';
import { trusted } from '../shared/model.js';
import { StationModel } from '../stations/model.js';
import { ServiceHoursModel } from '../volunteers/model.js';
import { visitRates } from '../visits/service.js';

/** What a station is judged on, for one month. */
export interface StationMetrics {
  stationCode: string;
  stationName: string;
  month: string;
  openNeeds: number;
  needsCreated: number;
  needsMatched: number;
  /** needsMatched / needsCreated, null without needs. */
  matchRate: number | null;
  /** Median hours from a need's creation to its first assignment. */
  medianHoursToMatch: number | null;
  needsFulfilled: number;
  /** needsFulfilled / needsMatched. */
  fulfilmentRate: number | null;
  volunteerHours: number;
  keyTargetVisitsDue: number;
  keyTargetVisitsDone: number;
  /** Monthly visit rate of key targets (policy target 100%). */
  visitRate: number | null;
}

/** First and last instant of a YYYY-MM month in China time. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000);
  const to = new Date(Date.UTC(y, m, 1) - 8 * 3_600_000);
  return { from, to };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Metrics of every station in scope for a month (joins done in code: no $lookup on FerretDB). */
export async function stationMetrics(scope: StationScope, month: string): Promise<StationMetrics[]> {
  const { from, to } = monthBounds(month);
  const stationFilter = scope.kind === 'county' ? { countyCode: scope.countyCode, active: true } : { code: scope.stationCode };
  const stations = await StationModel.find(stationFilter, { code: 1, name: 1 })
    .sort({ code: 1 })
    .lean<Array<{ code: string; name: string }>>();
  const sf = scopeFilter(scope);

  const created = await NeedModel.find(
    { ...sf, createdAt: trusted({ $gte: from, $lt: to }) },
    { stationCode: 1, status: 1, createdAt: 1 },
  ).lean<Array<{ _id: unknown; stationCode: string; status: string; createdAt: Date }>>();
  const firstAssignment = new Map<string, Date>();
  const ids = created.map((n) => String(n._id));
  // FerretDB 1.x has no $min accumulator in $group: the first assignment per need is found in code.
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await AssignmentModel.find({ needId: trusted({ $in: ids.slice(i, i + 1000) }) }, { needId: 1, createdAt: 1 }).lean<
      Array<{ needId: string; createdAt: Date }>
    >();
    for (const r of rows) {
      const at = new Date(r.createdAt);
      const seen = firstAssignment.get(r.needId);
      if (!seen || at < seen) firstAssignment.set(r.needId, at);
    }
  }
  const open = await NeedModel.aggregate<{ _id: string; n: number }>([
    { $match: { ...sf, status: { $in: ['open', 'matching'] } } },
    { $group: { _id: '$stationCode', n: { $sum: 1 } } },
  ]);
  const hours = await ServiceHoursModel.aggregate<{ _id: string; h: number }>([
    { $match: { ...sf, month } },
    { $group: { _id: '$stationCode', h: { $sum: '$hours' } } },
  ]);
  const visits = await visitRates(scope, month);

  return stations.map((s) => {
    const mine = created.filter((n) => n.stationCode === s.code);
    const matched = mine.filter((n) => firstAssignment.has(String(n._id)));
    const fulfilled = matched.filter((n) => n.status === 'fulfilled' || n.status === 'closed');
    const waits = matched.map((n) => (firstAssignment.get(String(n._id))!.getTime() - new Date(n.createdAt).getTime()) / 3_600_000);
    const v = visits.find((x) => x.stationCode === s.code);
    return {
      stationCode: s.code,
      stationName: s.name,
      month,
      openNeeds: open.find((o) => o._id === s.code)?.n ?? 0,
      needsCreated: mine.length,
      needsMatched: matched.length,
      matchRate: ratio(matched.length, mine.length),
      medianHoursToMatch: median(waits),
      needsFulfilled: fulfilled.length,
      fulfilmentRate: ratio(fulfilled.length, matched.length),
      volunteerHours: hours.find((h) => h._id === s.code)?.h ?? 0,
      keyTargetVisitsDue: (v?.due ?? 0) + (v?.done ?? 0),
      keyTargetVisitsDone: v?.done ?? 0,
      visitRate: v?.rate ?? null,
    };
  });
}
