/**
 * The value in yuan of charity resources and of the station's own linked resources. Resources are
 * another area's records and carry no value field: the value lives here, keyed by resource id; the
 * resources, allocation ledger, organisations and stations are read through their own repositories.
 */
import type { Types } from 'mongoose';
import type { AllocationDoc, ResourceDoc } from '../resources/model.js';
import { allocationsBetween, resources } from '../resources/repository.js';
import type { OrganisationDoc } from '../organisations/model.js';
import { organisations } from '../organisations/repository.js';
import type { StationDoc } from '../stations/model.js';
import { stationRepository } from '../stations/repository.js';
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

/** A resource of a county (or a charity's own within its county), or null. */
export async function resourceOf(id: string, countyCode: string, charityId?: string): Promise<ResourceDoc | null> {
  const doc = await resources.findInCounty(countyCode, id);
  return doc && (!charityId || doc.charityId === charityId) ? doc : null;
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
  const allocations = await allocationsBetween(
    countyCode,
    stationCodes,
    monthBounds(months[0]!).from,
    monthBounds(months[months.length - 1]!).to,
  );
  const ids = [...new Set(allocations.map((a) => a.resourceId))];
  const found = ids.length ? await resources.inCounty(countyCode, { _id: trusted({ $in: ids }) }, ids.length) : [];
  const values = await ResourceValueModel.find({ resourceId: trusted({ $in: ids }) }).lean<ResourceValueDoc[]>();
  return {
    allocations,
    resources: new Map(found.map((r) => [String(r._id), r])),
    values: new Map(values.map((v) => [v.resourceId, v.valueYuan])),
  };
}

/** Organisations of a county that the public directory may list (approved only). */
export function approvedOrganisations(countyCode: string): Promise<OrganisationDoc[]> {
  return organisations.findAll({ kind: 'county', countyCode }, { approved: true }, 10_000);
}

/** Active stations of a county. */
export function activeStations(countyCode: string): Promise<StationDoc[]> {
  return stationRepository.inCounty(countyCode, { openOnly: true });
}
