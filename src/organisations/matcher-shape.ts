import type { Coverage, OrganisationDoc } from './model.js';

/** The matcher's plain organisation input (DOMAIN.md field names). */
export interface MatcherOrganisation {
  id: string;
  name: string;
  type: string;
  categories: string[];
  description: string;
  coverage: Coverage;
  capacityPerMonth: number;
  usedThisMonth: number;
}

/** Maps a stored organisation and its usage in the matching month to the matcher's input (no contact data). */
export function toMatcherOrganisation(o: OrganisationDoc, usedThisMonth: number): MatcherOrganisation {
  const coverage: Coverage =
    'communityCodes' in o.coverage
      ? { communityCodes: [...o.coverage.communityCodes] }
      : { center: { lat: o.coverage.center.lat, lng: o.coverage.center.lng }, radiusKm: o.coverage.radiusKm };
  return {
    id: String(o._id),
    name: o.name,
    type: o.type,
    categories: [...(o.categories ?? [])],
    description: o.description ?? '',
    coverage,
    capacityPerMonth: o.capacityPerMonth,
    usedThisMonth,
  };
}
