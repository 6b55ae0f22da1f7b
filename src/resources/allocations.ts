import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { groupSums } from '../supply/aggregate.js';
import type { Quantity, ResourceDoc } from './model.js';

/**
 * The append-only allocation ledger of resources. Entry `seq` of a resource records `cumulative`,
 * the total allocated up to and including it; (resourceId, seq) is unique. An allocation appends
 * entry n+1 computed from entry n, so two allocations racing for the same position cannot both be
 * written, and cumulative never exceeds the quantity. (FerretDB 1.x applies findOneAndUpdate as
 * read-then-write, so a conditional `$inc` on `remaining` would let racing allocations overdraw.)
 */
export interface AllocationDoc {
  _id: Types.ObjectId;
  resourceId: string;
  seq: number;
  amount: number;
  cumulative: number;
  at: Date;
  needCategory: string;
  /** The station whose need received it. */
  stationCode: string;
  /** The need served; never shown to the charity. */
  needId?: string;
  allocatedBy?: string;
  countyCode: string;
  charityId: string;
  createdAt: Date;
}

/** What an allocation recorded (the ledger entry without storage fields). */
export type AllocationRecord = Pick<AllocationDoc, 'at' | 'amount' | 'needCategory' | 'stationCode' | 'needId' | 'allocatedBy'>;

/** The allocation ledger: one row per allocation, unique per (resourceId, seq). */
export const AllocationModel = defineModel<AllocationDoc>(
  'ResourceAllocation',
  {
    resourceId: { type: String, required: true },
    seq: { type: Number, required: true },
    amount: { type: Number, required: true },
    cumulative: { type: Number, required: true },
    at: { type: Date, required: true },
    needCategory: { type: String, required: true },
    stationCode: { type: String, required: true },
    needId: String,
    allocatedBy: String,
    countyCode: { type: String, required: true },
    charityId: { type: String, required: true },
  },
  [[{ resourceId: 1, seq: 1 }, { unique: true }], [{ charityId: 1 }], [{ countyCode: 1, stationCode: 1 }]],
);

/** A resource with what is left of it and how many allocations it has had. */
export type ResourceWithRemaining = ResourceDoc & { remaining: Quantity; allocationCount: number };

/** The last ledger entry of a resource (its cumulative total), or null before the first allocation. */
export async function lastAllocation(resourceId: string): Promise<AllocationDoc | null> {
  return AllocationModel.findOne({ resourceId }).sort({ seq: -1 }).lean<AllocationDoc>();
}

/** Adds `remaining` and `allocationCount` to resources from the ledger (sums per resource; FerretDB 1.x has no $max). */
export async function withRemaining(resources: ResourceDoc[]): Promise<ResourceWithRemaining[]> {
  if (resources.length === 0) return [];
  const sums = await groupSums(AllocationModel, { resourceId: { $in: resources.map((r) => String(r._id)) } }, '$resourceId', {
    allocated: '$amount',
    count: 1,
  });
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
