/**
 * Reads of other areas' records that the exports need and no area exposes yet. Kept here (a
 * repository file) so the data-access rule holds; when those areas grow these queries, this file
 * shrinks to calls of theirs.
 */
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { AssignmentModel, type AssignmentDoc } from '../assignments/model.js';
import { HouseholdModel, type HouseholdDoc } from '../households/model.js';
import { NeedModel, type NeedDoc } from '../needs/model.js';
import { ResourceModel, type ResourceDoc } from '../resources/model.js';
import { trusted } from '../shared/model.js';
import { StationModel, type StationDoc } from '../stations/model.js';
import { ServiceHoursModel, VolunteerModel, type ServiceHoursDoc, type VolunteerDoc } from '../volunteers/model.js';
import { monthBounds } from '../reports/service.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { visitRecords, type VisitRecordDoc } from '../visits/repository.js';

const BATCH = 500;

/** Needs of a scope created within the months (inclusive), oldest first, in batches (streamed exports). */
export async function* needsCreatedIn(scope: StationScope, months: string[]): AsyncGenerator<NeedDoc[]> {
  const from = monthBounds(months[0]!).from;
  const to = monthBounds(months[months.length - 1]!).to;
  let after: unknown = null;
  for (;;) {
    const filter: Record<string, unknown> = { ...scopeFilter(scope), createdAt: trusted({ $gte: from, $lt: to }) };
    if (after) filter._id = trusted({ $gt: after });
    const batch = await NeedModel.find(filter).sort({ _id: 1 }).limit(BATCH).lean<NeedDoc[]>();
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!._id;
  }
}

/** Assignments of some needs (outcome columns of the needs register). */
export async function assignmentsOfNeeds(needIds: string[]): Promise<AssignmentDoc[]> {
  if (needIds.length === 0) return [];
  return AssignmentModel.find({ needId: trusted({ $in: needIds }) })
    .sort({ createdAt: 1 })
    .lean<AssignmentDoc[]>();
}

/** Service-hour entries of a scope (or one volunteer) within the months, in batches. */
export async function* hoursEntriesIn(
  scope: StationScope | null,
  months: string[],
  volunteerId?: string,
): AsyncGenerator<ServiceHoursDoc[]> {
  let after: unknown = null;
  for (;;) {
    const filter: Record<string, unknown> = { month: trusted({ $in: months }) };
    if (scope) Object.assign(filter, scopeFilter(scope));
    if (volunteerId) filter.volunteerId = volunteerId;
    if (after) filter._id = trusted({ $gt: after });
    const batch = await ServiceHoursModel.find(filter).sort({ _id: 1 }).limit(BATCH).lean<ServiceHoursDoc[]>();
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!._id;
  }
}

/** Volunteers by id (names and phones for the hours register; the caller masks). */
export async function volunteersByIds(ids: string[]): Promise<VolunteerDoc[]> {
  const valid = ids.filter((id) => /^[a-f0-9]{24}$/i.test(id));
  if (valid.length === 0) return [];
  return VolunteerModel.find({ _id: trusted({ $in: valid }) }).lean<VolunteerDoc[]>();
}

/** Resources whose destinations a reader may list: a charity its own, staff their county's. */
export async function resourcesFor(owner: { charityId: string } | { countyCode: string }): Promise<ResourceDoc[]> {
  return ResourceModel.find(owner).sort({ _id: 1 }).limit(5000).lean<ResourceDoc[]>();
}

/** Key-target households of a scope, not archived, in batches. */
export async function* keyTargetHouseholds(scope: StationScope): AsyncGenerator<HouseholdDoc[]> {
  let after: unknown = null;
  for (;;) {
    const filter: Record<string, unknown> = { ...scopeFilter(scope), keyTarget: true, archivedAt: null };
    if (after) filter._id = trusted({ $gt: after });
    const batch = await HouseholdModel.find(filter).sort({ _id: 1 }).limit(BATCH).lean<HouseholdDoc[]>();
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!._id;
  }
}

/** Station names by code (titles and columns). */
export async function stationNames(codes: string[]): Promise<Map<string, string>> {
  const rows = await StationModel.find({ code: trusted({ $in: codes }) }, { code: 1, name: 1 }).lean<Pick<StationDoc, 'code' | 'name'>[]>();
  return new Map(rows.map((s) => [s.code, s.name]));
}

/** Visit records of a scope within the months, in batches (the visits area's scoped repository). */
export async function* visitRecordsIn(scope: StationScope, months: string[]): AsyncGenerator<VisitRecordDoc[]> {
  let after: string | null = null;
  for (;;) {
    const filter: Record<string, unknown> = { month: trusted({ $in: months }) };
    if (after) filter._id = trusted({ $gt: after });
    const batch = await visitRecords.findAll(scope, filter as ScopedFilter<VisitRecordDoc>, BATCH);
    if (batch.length === 0) return;
    yield batch;
    after = String(batch[batch.length - 1]!._id);
  }
}

/** Households by id within a scope (head names for the visit register; the caller masks). */
export async function householdsByIds(scope: StationScope, ids: string[]): Promise<HouseholdDoc[]> {
  const valid = [...new Set(ids)].filter((id) => /^[a-f0-9]{24}$/i.test(id));
  if (valid.length === 0) return [];
  return HouseholdModel.find({ ...scopeFilter(scope), _id: trusted({ $in: valid }) }).lean<HouseholdDoc[]>();
}
