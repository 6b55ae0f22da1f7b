/**
 * The reads the exports need, each through the owning area's repository (needs, assignments,
 * households, volunteers, resources, stations, visits, cases, groups, activities): this file batches
 * and scopes them.
 */
import type { StationScope } from '../auth/actor.js';
import { activities, type ActivityDoc } from '../activities/repository.js';
import { cases, type CaseDoc } from '../cases/repository.js';
import { groups, type GroupDoc } from '../groups/repository.js';
import { assignments } from '../assignments/repository.js';
import type { AssignmentDoc } from '../assignments/model.js';
import { households } from '../households/repository.js';
import type { HouseholdDoc } from '../households/model.js';
import { needs } from '../needs/repository.js';
import type { NeedDoc } from '../needs/model.js';
import { resources } from '../resources/repository.js';
import type { ResourceDoc } from '../resources/model.js';
import { trusted } from '../shared/model.js';
import { stationRepository } from '../stations/repository.js';
import { serviceHoursBatch, volunteers } from '../volunteers/repository.js';
import type { ServiceHoursDoc, VolunteerDoc } from '../volunteers/model.js';
import { monthBounds } from '../reports/service.js';
import type { ScopedFilter, SubjectScope } from '../shared/scoped-repository.js';
import { visitRecords, type VisitRecordDoc } from '../visits/repository.js';

const BATCH = 500;
const OBJECT_ID = /^[a-f0-9]{24}$/i;

/** Pages through a scoped collection by _id (streamed exports). */
async function* batches<T extends { _id: unknown }>(read: (after: string | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const batch = await read(after);
    if (batch.length === 0) return;
    yield batch;
    after = String(batch[batch.length - 1]!._id);
  }
}

const afterFilter = (after: string | null) => (after ? { _id: trusted({ $gt: after }) } : {});

/** Needs of a scope created within the months (inclusive), oldest first, in batches (streamed exports). */
export function needsCreatedIn(scope: StationScope, months: string[]): AsyncGenerator<NeedDoc[]> {
  const from = monthBounds(months[0]!).from;
  const to = monthBounds(months[months.length - 1]!).to;
  return batches((after) =>
    needs.findAll(scope, { createdAt: trusted({ $gte: from, $lt: to }), ...afterFilter(after) } as ScopedFilter<NeedDoc>, BATCH),
  );
}

/** Assignments of some needs within a scope (outcome columns of the needs register), oldest first. */
export async function assignmentsOfNeeds(scope: StationScope, needIds: string[]): Promise<AssignmentDoc[]> {
  if (needIds.length === 0) return [];
  return assignments.findAll(scope, { needId: trusted({ $in: needIds }) } as ScopedFilter<AssignmentDoc>);
}

/** Service-hour entries of a scope, or of one volunteer's own, within the months, in batches. */
export function hoursEntriesIn(
  owner: { scope: StationScope } | { subject: SubjectScope },
  months: string[],
): AsyncGenerator<ServiceHoursDoc[]> {
  return batches((after) => serviceHoursBatch(owner, months, after, BATCH));
}

/** Volunteers of a county by id (names and phones for the hours register; the caller masks). */
export async function volunteersByIds(countyCode: string, ids: string[]): Promise<VolunteerDoc[]> {
  const valid = ids.filter((id) => OBJECT_ID.test(id));
  if (valid.length === 0) return [];
  return volunteers.findAll({ kind: 'county', countyCode }, { _id: trusted({ $in: valid }) } as ScopedFilter<VolunteerDoc>);
}

/** Resources whose destinations a reader may list: a charity its own, staff their county's. */
export async function resourcesFor(countyCode: string, charityId?: string): Promise<ResourceDoc[]> {
  const rows = await resources.inCounty(countyCode, charityId ? { charityId } : {}, 5000);
  return rows.sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
}

/** Key-target households of a scope, not archived, in batches. */
export function keyTargetHouseholds(scope: StationScope): AsyncGenerator<HouseholdDoc[]> {
  return batches((after) =>
    households.findAll(scope, { keyTarget: true, archivedAt: null, ...afterFilter(after) } as ScopedFilter<HouseholdDoc>, BATCH),
  );
}

/** Station names by code (titles and columns). */
export async function stationNames(codes: string[]): Promise<Map<string, string>> {
  const counties = [...new Set(codes.map((c) => c.slice(0, 6)))];
  const wanted = new Set(codes);
  const names = new Map<string, string>();
  for (const county of counties)
    for (const s of await stationRepository.inCounty(county)) if (wanted.has(s.code)) names.set(s.code, s.name);
  return names;
}

/** Visit records of a scope within the months, in batches (the visits area's scoped repository). */
export function visitRecordsIn(scope: StationScope, months: string[]): AsyncGenerator<VisitRecordDoc[]> {
  return batches((after) =>
    visitRecords.findAll(scope, { month: trusted({ $in: months }), ...afterFilter(after) } as ScopedFilter<VisitRecordDoc>, BATCH),
  );
}

/** Households by id within a scope (head names for the visit register; the caller masks). */
export async function householdsByIds(scope: StationScope, ids: string[]): Promise<HouseholdDoc[]> {
  const valid = [...new Set(ids)].filter((id) => OBJECT_ID.test(id));
  if (valid.length === 0) return [];
  return households.findAll(scope, { _id: trusted({ $in: valid }) } as ScopedFilter<HouseholdDoc>);
}

/** Cases of a scope opened before `to` (the caller keeps those still open at `from`), in batches. */
export function casesOpenedBefore(scope: StationScope, to: Date): AsyncGenerator<CaseDoc[]> {
  return batches((after) =>
    cases.findAll(scope, { openedAt: trusted({ $lt: to }), ...afterFilter(after) } as ScopedFilter<CaseDoc>, BATCH),
  );
}

/** Groups of a scope, in batches (the caller keeps the sessions dated in the period). */
export function groupsOf(scope: StationScope): AsyncGenerator<GroupDoc[]> {
  return batches((after) => groups.findAll(scope, afterFilter(after) as ScopedFilter<GroupDoc>, BATCH));
}

/** Community activities of a scope dated in the months, in batches. */
export function activitiesIn(scope: StationScope, months: string[]): AsyncGenerator<ActivityDoc[]> {
  return batches((after) =>
    activities.findAll(scope, { month: trusted({ $in: months }), ...afterFilter(after) } as ScopedFilter<ActivityDoc>, BATCH),
  );
}
