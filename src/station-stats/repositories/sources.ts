/**
 * Read-only views of other areas' records that the station statistics and satisfaction checks need
 * (needs, assignments, volunteer service hours). They live here, in one grep-able place, until those
 * areas expose the same reads from their own repositories; then these functions forward to them.
 */
import { scopeFilter, type StationScope } from '../../auth/actor.js';
import { AssignmentModel } from '../../assignments/model.js';
import { NeedModel } from '../../needs/model.js';
import { trusted } from '../../shared/model.js';
import { ServiceHoursModel } from '../../volunteers/model.js';

export interface NeedFacts {
  _id: unknown;
  stationCode: string;
  status: string;
  createdAt: Date;
  householdId: string | null;
}

/** Needs created in [from, to). */
export function needsCreatedBetween(scope: StationScope, from: Date, to: Date): Promise<NeedFacts[]> {
  return NeedModel.find(
    { ...scopeFilter(scope), createdAt: trusted({ $gte: from, $lt: to }) },
    { stationCode: 1, status: 1, createdAt: 1, householdId: 1 },
  ).lean<NeedFacts[]>();
}

/** Needs still waiting for a match now (open or matching), per station. */
export async function openNeedsNow(scope: StationScope): Promise<Map<string, number>> {
  const rows = await NeedModel.find(
    { ...scopeFilter(scope), status: trusted({ $in: ['open' as const, 'matching' as const] }) },
    { stationCode: 1 },
  ).lean<Array<{ stationCode: string }>>();
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.stationCode, (by.get(r.stationCode) ?? 0) + 1);
  return by;
}

/** Household of each need id. */
export async function householdsOfNeeds(ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await NeedModel.find({ _id: trusted({ $in: ids.slice(i, i + 1000) }) }, { householdId: 1 }).lean<
      Array<{ _id: unknown; householdId: string | null }>
    >();
    for (const r of rows) out.set(String(r._id), r.householdId ?? null);
  }
  return out;
}

/** First assignment time of each need (FerretDB has no $min accumulator: found in code). */
export async function firstAssignments(needIds: string[]): Promise<Map<string, Date>> {
  const first = new Map<string, Date>();
  for (let i = 0; i < needIds.length; i += 1000) {
    const rows = await AssignmentModel.find({ needId: trusted({ $in: needIds.slice(i, i + 1000) }) }, { needId: 1, createdAt: 1 }).lean<
      Array<{ needId: string; createdAt: Date }>
    >();
    for (const r of rows) {
      const at = new Date(r.createdAt);
      const seen = first.get(r.needId);
      if (!seen || at < seen) first.set(r.needId, at);
    }
  }
  return first;
}

export interface CompletedAssignment {
  stationCode: string;
  needId: string;
  updatedAt: Date;
}

/** Assignments completed in [from, to) (their last change is the completion: completed is final). */
export function assignmentsCompletedBetween(scope: StationScope, from: Date, to: Date): Promise<CompletedAssignment[]> {
  return AssignmentModel.find(
    { ...scopeFilter(scope), status: 'completed', updatedAt: trusted({ $gte: from, $lt: to }) },
    { stationCode: 1, needId: 1, updatedAt: 1 },
  ).lean<CompletedAssignment[]>();
}

/** An assignment's station and status within scope, or null. */
export async function assignmentState(scope: StationScope, id: string): Promise<{ stationCode: string; status: string } | null> {
  return AssignmentModel.findOne({ ...scopeFilter(scope), _id: id }, { stationCode: 1, status: 1 }).lean<{
    stationCode: string;
    status: string;
  }>();
}

/** Volunteer service-hour entries of assignments in the given months. */
export function serviceHoursIn(scope: StationScope, months: string[]): Promise<Array<{ stationCode: string; hours: number }>> {
  return ServiceHoursModel.find({ ...scopeFilter(scope), month: trusted({ $in: months }) }, { stationCode: 1, hours: 1 }).lean<
    Array<{ stationCode: string; hours: number }>
  >();
}
