import { organisationUsage } from '../organisations/capacity.js';
import { toMatcherOrganisation, type MatcherOrganisation } from '../organisations/matcher-shape.js';
import { organisations } from '../organisations/repository.js';
import { poolOrganisations } from '../organisations/pool.js';
import { withRemaining } from '../resources/allocations.js';
import { toMatcherResource, type MatcherResource } from '../resources/matcher-shape.js';
import { resources } from '../resources/repository.js';
import { allocatableFilter, isAllocatable } from '../resources/queries.js';
import type { ResourceDoc } from '../resources/model.js';
import { toMatcherVolunteer, type MatcherVolunteer } from '../volunteers/matcher-shape.js';
import type { VolunteerDoc } from '../volunteers/model.js';
import { volunteers } from '../volunteers/repository.js';
import { monthOf } from '../shared/china-time.js';
import { isObjectId } from '../shared/model.js';
import { heldCounts } from './repository.js';

/** The county's candidates in the matcher's plain shapes (DOMAIN.md field names). */
export interface CandidatePool {
  volunteers: MatcherVolunteer[];
  organisations: MatcherOrganisation[];
  resources: MatcherResource[];
}

/** Approved volunteers of a county that have a home location, with `active` from the claims ledger. */
async function poolVolunteers(countyCode: string, docs?: VolunteerDoc[]): Promise<MatcherVolunteer[]> {
  docs ??= await volunteers.poolOfCounty(countyCode);
  const withLocation = docs.filter((v): v is VolunteerDoc & { location: { lat: number; lng: number } } => v.location?.lat !== undefined);
  const loads = await heldCounts(
    'volunteer',
    withLocation.map((v) => String(v._id)),
  );
  return withLocation.map((v) => toMatcherVolunteer(v, loads.get(String(v._id)) ?? 0));
}

/** Resources of a county that can be allocated at `now` and have something left. */
async function poolResources(countyCode: string, now: Date, docs?: ResourceDoc[]): Promise<MatcherResource[]> {
  docs ??= await resources.inCounty(countyCode, allocatableFilter(now));
  return (await withRemaining(docs)).filter((r) => r.remaining.amount > 0).map(toMatcherResource);
}

/**
 * The county candidate pool for matching: approved volunteers (with a location), approved
 * organisations, and resources that are not expired, not withdrawn and have remaining > 0.
 * `now` is the clock for expiry and the organisation capacity month.
 */
export async function loadCandidatePool(countyCode: string, now: Date = new Date()): Promise<CandidatePool> {
  const [volunteers, organisations, resources] = await Promise.all([
    poolVolunteers(countyCode),
    poolOrganisations(countyCode, now),
    poolResources(countyCode, now),
  ]);
  return { volunteers, organisations, resources };
}

/** One candidate of the pool, tagged with its kind. */
export type PoolCandidate =
  | { kind: 'volunteer'; item: MatcherVolunteer }
  | { kind: 'organisation'; item: MatcherOrganisation }
  | { kind: 'resource'; item: MatcherResource };

/**
 * One candidate as loadCandidatePool would return it now, or null when it is not (or no longer) in the
 * county's pool: not approved, no location, expired, withdrawn, used up. What the live index reloads
 * when an event says this candidate changed (a few round trips instead of the whole county).
 */
export async function loadPoolCandidate(
  countyCode: string,
  kind: PoolCandidate['kind'],
  id: string,
  now: Date = new Date(),
): Promise<PoolCandidate | null> {
  if (!isObjectId(id)) return null;
  // Each candidate is read by `_id` alone (the only filter FerretDB answers from the index) and the
  // pool's conditions are checked here.
  const county = { kind: 'county', countyCode } as const;
  if (kind === 'volunteer') {
    const doc = await volunteers.tryGet(county, id);
    const [item] = doc?.approved === true && doc.location != null ? await poolVolunteers(countyCode, [doc]) : [];
    return item ? { kind, item } : null;
  }
  if (kind === 'organisation') {
    const doc = await organisations.tryGet(county, id);
    if (doc?.approved !== true) return null;
    const usage = await organisationUsage([id], monthOf(now));
    return { kind, item: toMatcherOrganisation(doc, usage.get(id) ?? 0) };
  }
  const doc = await resources.findInCounty(countyCode, id);
  const [item] = doc && isAllocatable(doc, now) ? await poolResources(countyCode, now, [doc]) : [];
  return item ? { kind, item } : null;
}
