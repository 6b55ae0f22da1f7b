import { monthOf } from '../shared/china-time.js';
import { organisationUsage } from './capacity.js';
import { toMatcherOrganisation, type MatcherOrganisation } from './matcher-shape.js';
import { organisations } from './repository.js';

/** Approved organisations of a county in the matcher's shape, with their usage in the month of `now`. */
export async function poolOrganisations(countyCode: string, now: Date): Promise<MatcherOrganisation[]> {
  const docs = await organisations.poolOfCounty(countyCode);
  const usage = await organisationUsage(
    docs.map((o) => String(o._id)),
    monthOf(now),
  );
  return docs.map((o) => toMatcherOrganisation(o, usage.get(String(o._id)) ?? 0));
}
