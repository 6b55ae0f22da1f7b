/**
 * The value in yuan of charity resources and of the station's own linked resources. Resources are
 * another area's records and carry no value field: the value lives here, keyed by resource id, and
 * this file reads the resources and allocation ledger it needs (a repository, per the data-access rule).
 */
import type { Types } from 'mongoose';
import { AllocationModel, ResourceModel, type AllocationDoc, type ResourceDoc } from '../resources/model.js';
import { OrganisationModel, type OrganisationDoc } from '../organisations/model.js';
import { StationModel, type StationDoc } from '../stations/model.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel, trusted } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import { monthBounds } from '../reports/service.js';

/** The total value in yuan of one posted (non-cash) resource. */
export interface ResourceValueDoc {
  _id: Types.ObjectId;
  countyCode: string;
  resourceId: string;
  valueYuan: number;
  setBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ResourceValueModel = defineModel<ResourceValueDoc>(
  'ResourceValue',
  {
    countyCode: { type: String, required: true },
    resourceId: { type: String, required: true },
    valueYuan: { type: Number, required: true },
    setBy: { type: String, required: true },
  },
  [[{ resourceId: 1 }, { unique: true }]],
);

/** A resource a station linked outside the platform (a company's donation, a fund's grant…). */
export interface LinkedResourceDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  date: string;
  donor: string;
  title: string;
  valueYuan: number;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const LinkedResourceModel = defineModel<LinkedResourceDoc>(
  'LinkedResource',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    date: { type: String, required: true },
    donor: { type: String, required: true },
    title: { type: String, required: true },
    valueYuan: { type: Number, required: true },
    note: { type: String, default: null },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, date: 1 }]],
);

export const linkedResources = new ScopedRepository<LinkedResourceDoc>(LinkedResourceModel, '链接资源');

/** A resource of a county (or of one charity), or null. */
export async function resourceOf(id: string, owner: { countyCode: string } | { charityId: string }): Promise<ResourceDoc | null> {
  if (!/^[a-f0-9]{24}$/i.test(id)) return null;
  return ResourceModel.findOne({ _id: id, ...owner }).lean<ResourceDoc>();
}

/** Sets a resource's value (insert under the unique resource index, then update). */
export async function setResourceValue(countyCode: string, resourceId: string, valueYuan: number, by: string): Promise<void> {
  const updated = await ResourceValueModel.updateOne({ resourceId }, { $set: { valueYuan, setBy: by } });
  if (updated.matchedCount) return;
  try {
    await ResourceValueModel.create({ countyCode, resourceId, valueYuan, setBy: by });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await ResourceValueModel.updateOne({ resourceId }, { $set: { valueYuan, setBy: by } });
  }
}

/** Allocations to some stations within months, with their resources and stored values. */
export async function allocationsIn(
  countyCode: string,
  stationCodes: string[] | null,
  months: string[],
): Promise<{ allocations: AllocationDoc[]; resources: Map<string, ResourceDoc>; values: Map<string, number> }> {
  const filter: Record<string, unknown> = {
    countyCode,
    at: trusted({ $gte: monthBounds(months[0]!).from, $lt: monthBounds(months[months.length - 1]!).to }),
  };
  if (stationCodes) filter.stationCode = trusted({ $in: stationCodes });
  const allocations = await AllocationModel.find(filter).limit(100_000).lean<AllocationDoc[]>();
  const ids = [...new Set(allocations.map((a) => a.resourceId))];
  const resources = await ResourceModel.find({ _id: trusted({ $in: ids }) }).lean<ResourceDoc[]>();
  const values = await ResourceValueModel.find({ resourceId: trusted({ $in: ids }) }).lean<ResourceValueDoc[]>();
  return {
    allocations,
    resources: new Map(resources.map((r) => [String(r._id), r])),
    values: new Map(values.map((v) => [v.resourceId, v.valueYuan])),
  };
}

/** Organisations of a county that the public directory may list (approved only). */
export async function approvedOrganisations(countyCode: string): Promise<OrganisationDoc[]> {
  return OrganisationModel.find({ countyCode, approved: true }).sort({ _id: 1 }).limit(10_000).lean<OrganisationDoc[]>();
}

/** Active stations of a county. */
export async function activeStations(countyCode: string): Promise<StationDoc[]> {
  return StationModel.find({ countyCode, active: true }).sort({ code: 1 }).lean<StationDoc[]>();
}
