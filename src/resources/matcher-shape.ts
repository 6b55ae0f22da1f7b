import type { ResourceWithRemaining } from './allocations.js';

/** The matcher's plain resource input (DOMAIN.md field names). */
export interface MatcherResource {
  id: string;
  donor: string;
  kind: string;
  category: string;
  title: string;
  description: string;
  remaining: { amount: number; unit: string };
  eligibility: { groups?: string[]; communityCodes?: string[] };
  expiresAt?: string;
  location?: { lat: number; lng: number };
}

/** Maps a resource with its remaining quantity (allocations.ts withRemaining) to the matcher's input. */
export function toMatcherResource(r: ResourceWithRemaining): MatcherResource {
  return {
    id: String(r._id),
    donor: r.donor,
    kind: r.kind,
    category: r.category,
    title: r.title,
    description: r.description ?? '',
    remaining: { amount: r.remaining.amount, unit: r.remaining.unit },
    eligibility: {
      ...(r.eligibility?.groups ? { groups: [...r.eligibility.groups] } : {}),
      ...(r.eligibility?.communityCodes ? { communityCodes: [...r.eligibility.communityCodes] } : {}),
    },
    ...(r.expiresAt ? { expiresAt: new Date(r.expiresAt).toISOString() } : {}),
    ...(r.location?.lat !== undefined ? { location: { lat: r.location.lat, lng: r.location.lng } } : {}),
  };
}
