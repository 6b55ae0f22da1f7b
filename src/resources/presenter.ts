import type { Actor } from '../auth/actor.js';
import { listStations } from '../stations/service.js';
import { categoryName } from '../needs/taxonomy.js';
import { maskPhone } from '../shared/phone.js';
import type { CharityDoc } from './charity.js';
import type { AllocationDoc, ResourceWithRemaining } from './allocations.js';
import { allocationLedger } from './repository.js';
import { mayseeNeedOf } from './queries.js';
import type { AllocationView, ResourceView } from './schema.js';
import { shownResourceStatus } from './status.js';

const iso = (d: Date | undefined | null) => (d ? new Date(d).toISOString() : null);

/** Presents a resource (never its allocation records). */
export function presentResource(r: ResourceWithRemaining, now = new Date()): ResourceView {
  return {
    id: String(r._id),
    charityId: r.charityId,
    donor: r.donor,
    kind: r.kind,
    category: r.category,
    categoryName: categoryName(r.category),
    title: r.title,
    description: r.description ?? '',
    quantity: { amount: r.quantity.amount, unit: r.quantity.unit },
    remaining: { amount: r.remaining.amount, unit: r.remaining.unit },
    eligibility: {
      ...(r.eligibility?.groups ? { groups: r.eligibility.groups } : {}),
      ...(r.eligibility?.communityCodes ? { communityCodes: r.eligibility.communityCodes } : {}),
    },
    availableFrom: iso(r.availableFrom),
    expiresAt: iso(r.expiresAt),
    expired: Boolean(r.expiresAt && new Date(r.expiresAt) <= now),
    location: r.location?.lat !== undefined ? { lat: r.location.lat, lng: r.location.lng } : null,
    pickupAddress: r.pickupAddress ?? null,
    status: shownResourceStatus(r, now),
    allocationCount: r.allocationCount,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/**
 * Where a resource went: category, station name, date, quantity. A charity never sees the need
 * (no needId, household or name); staff see the need id only for allocations within their scope.
 */
export async function presentAllocations(
  actor: Actor,
  r: Pick<ResourceWithRemaining, '_id' | 'quantity'>,
  entries?: Array<Pick<AllocationDoc, 'at' | 'amount' | 'needCategory' | 'stationCode' | 'needId'>>,
): Promise<AllocationView[]> {
  const list = entries ?? (await allocationLedger.ofResource(String(r._id)));
  // Allocations go to stations of the resource's county, which is the actor's.
  const stations = list.length ? await listStations({ kind: 'county', countyCode: actor.countyCode }) : [];
  const names = new Map(stations.map((s) => [s.code, s.name]));
  return list.map((a) => ({
    at: new Date(a.at).toISOString(),
    amount: a.amount,
    unit: r.quantity.unit,
    needCategory: a.needCategory,
    needCategoryName: categoryName(a.needCategory),
    stationCode: a.stationCode,
    stationName: names.get(a.stationCode) ?? a.stationCode,
    ...(a.needId && actor.role !== 'charity' && mayseeNeedOf(actor, a.stationCode) ? { needId: a.needId } : {}),
  }));
}

/** Presents a charity with its contact phone masked. */
export function presentCharity(c: CharityDoc) {
  return {
    id: String(c._id),
    name: c.name,
    type: c.type,
    description: c.description ?? '',
    contactName: c.contactName ?? null,
    contactPhone: maskPhone(c.contactPhone) ?? '',
  };
}
