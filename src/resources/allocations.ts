import type { Quantity, ResourceDoc } from './model.js';
import { allocationLedger } from './repository.js';

export type { AllocationDoc } from './model.js';
import type { AllocationDoc } from './model.js';

/** What an allocation recorded (the ledger entry without storage fields). */
export type AllocationRecord = Pick<AllocationDoc, 'at' | 'amount' | 'needCategory' | 'stationCode' | 'needId' | 'allocatedBy'>;

/** A resource with what is left of it and how many allocations it has had. */
export type ResourceWithRemaining = ResourceDoc & { remaining: Quantity; allocationCount: number };

/** The last ledger entry of a resource (its cumulative total), or null before the first allocation. */
export function lastAllocation(resourceId: string): Promise<AllocationDoc | null> {
  return allocationLedger.last(resourceId);
}

/** Adds `remaining` and `allocationCount` to resources from the ledger (sums per resource; FerretDB 1.x has no $max). */
export async function withRemaining(resources: ResourceDoc[]): Promise<ResourceWithRemaining[]> {
  if (resources.length === 0) return [];
  const sums = await allocationLedger.totals(resources.map((r) => String(r._id)));
  return resources.map((r) => {
    const row = sums.get(String(r._id));
    return {
      ...r,
      remaining: { amount: r.quantity.amount - (row?.allocated ?? 0), unit: r.quantity.unit },
      allocationCount: row?.count ?? 0,
    };
  });
}

/** One resource with its remaining quantity. */
export async function oneWithRemaining(resource: ResourceDoc): Promise<ResourceWithRemaining> {
  const [r] = await withRemaining([resource]);
  return r!;
}
