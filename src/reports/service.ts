import type { StationScope } from '../auth/actor.js';
import { computeStationStats } from '../station-stats/compute.js';
import { parsePeriod } from '../station-stats/period.js';

/** What a station is judged on, for one month (a view of the station statistics). */
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
  const p = parsePeriod(month);
  return { from: p.from, to: p.to };
}

/** Month metrics of every open station in scope, from the one statistics computation. */
export async function stationMetrics(scope: StationScope, month: string): Promise<StationMetrics[]> {
  const { stations } = await computeStationStats(scope, parsePeriod(month));
  return stations.map((s) => ({
    stationCode: s.stationCode,
    stationName: s.stationName,
    month,
    openNeeds: s.openNeeds,
    needsCreated: s.needsCreated,
    needsMatched: s.needsMatched,
    matchRate: s.matchRate,
    medianHoursToMatch: s.medianHoursToMatch,
    needsFulfilled: s.needsFulfilled,
    fulfilmentRate: s.fulfilmentRate,
    volunteerHours: s.volunteerHours,
    keyTargetVisitsDue: s.keyTargetHouseholds,
    keyTargetVisitsDone: s.keyTargetHouseholdsVisited,
    visitRate: s.householdVisitRate,
  }));
}
