import type { MatcherOrganisation } from '../organisations/matcher-shape.js';
import { poolOrganisations } from '../organisations/pool.js';
import { trusted } from '../shared/model.js';
import { withRemaining } from '../resources/allocations.js';
import { toMatcherResource, type MatcherResource } from '../resources/matcher-shape.js';
import { ResourceModel, type ResourceDoc } from '../resources/model.js';
import { allocatableFilter } from '../resources/queries.js';
import { toMatcherVolunteer, type MatcherVolunteer } from '../volunteers/matcher-shape.js';
import { VolunteerModel, type VolunteerDoc } from '../volunteers/model.js';
import { heldCounts } from './claims.js';

/** The county's candidates in the matcher's plain shapes (DOMAIN.md field names). */
export interface CandidatePool {
  volunteers: MatcherVolunteer[];
  organisations: MatcherOrganisation[];
  resources: MatcherResource[];
}

/** Approved volunteers of a county that have a home location, with `active` from the claims ledger. */
async function poolVolunteers(countyCode: string): Promise<MatcherVolunteer[]> {
  const docs = await VolunteerModel.find({ countyCode, approved: true, location: trusted({ $ne: null }) })
    .limit(20_000)
    .lean<VolunteerDoc[]>();
  const withLocation = docs.filter((v): v is VolunteerDoc & { location: { lat: number; lng: number } } => v.location?.lat !== undefined);
  const loads = await heldCounts(
    'volunteer',
    withLocation.map((v) => String(v._id)),
  );
  return withLocation.map((v) => toMatcherVolunteer(v, loads.get(String(v._id)) ?? 0));
}

/** Resources of a county that can be allocated at `now` and have something left. */
async function poolResources(countyCode: string, now: Date): Promise<MatcherResource[]> {
  const docs = await ResourceModel.find({ countyCode, ...allocatableFilter(now) })
    .limit(20_000)
    .lean<ResourceDoc[]>();
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
