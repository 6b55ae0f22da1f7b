import type { MatcherOrganisation } from '../organisations/matcher-shape.js';
import { poolOrganisations } from '../organisations/pool.js';
import { withRemaining } from '../resources/allocations.js';
import { toMatcherResource, type MatcherResource } from '../resources/matcher-shape.js';
import { resources } from '../resources/repository.js';
import { allocatableFilter } from '../resources/queries.js';
import { toMatcherVolunteer, type MatcherVolunteer } from '../volunteers/matcher-shape.js';
import type { VolunteerDoc } from '../volunteers/model.js';
import { volunteers } from '../volunteers/repository.js';
import { heldCounts } from './repository.js';

/** The county's candidates in the matcher's plain shapes (DOMAIN.md field names). */
export interface CandidatePool {
  volunteers: MatcherVolunteer[];
  organisations: MatcherOrganisation[];
  resources: MatcherResource[];
}

/** Approved volunteers of a county that have a home location, with `active` from the claims ledger. */
async function poolVolunteers(countyCode: string): Promise<MatcherVolunteer[]> {
  const docs = await volunteers.poolOfCounty(countyCode);
  const withLocation = docs.filter((v): v is VolunteerDoc & { location: { lat: number; lng: number } } => v.location?.lat !== undefined);
  const loads = await heldCounts(
    'volunteer',
    withLocation.map((v) => String(v._id)),
  );
  return withLocation.map((v) => toMatcherVolunteer(v, loads.get(String(v._id)) ?? 0));
}

/** Resources of a county that can be allocated at `now` and have something left. */
async function poolResources(countyCode: string, now: Date): Promise<MatcherResource[]> {
  const docs = await resources.inCounty(countyCode, allocatableFilter(now));
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
