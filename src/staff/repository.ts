import type { Types } from 'mongoose';
import type { StationScope } from '../auth/actor.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import type { CERT_LEVELS, DOCUMENT_KINDS, STAFF_ROLES, Site } from './schema.js';

/** A social worker on a station's roster. */
export interface StaffDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  name: string;
  role: (typeof STAFF_ROLES)[number];
  certLevel: (typeof CERT_LEVELS)[number];
  startDate: string;
  practiceSince: string;
  endDate: string | null;
  fullTime: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const StaffModel = defineModel<StaffDoc>(
  'StationStaff',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    certLevel: { type: String, required: true },
    startDate: { type: String, required: true },
    practiceSince: { type: String, required: true },
    endDate: { type: String, default: null },
    fullTime: { type: Boolean, default: true },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1 }]],
);

/** The station's site: office, activity rooms, equipment checklist (one per station). */
export interface SiteDoc extends Site {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const SiteModel = defineModel<SiteDoc>(
  'StationSite',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    officeAreaM2: { type: Number, required: true },
    activityRooms: [{ _id: false, name: String, areaM2: Number }],
    equipment: [{ _id: false, item: String, present: Boolean }],
    signage: { type: Boolean, default: false },
    updatedBy: { type: String, required: true },
  },
  [[{ stationCode: 1 }, { unique: true }]],
);

/** A rule or mechanism the station keeps on file, with its dates. */
export interface StationDocumentDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  title: string;
  adoptedOn: string;
  reviewedOn: string | null;
  reference: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const StationDocumentModel = defineModel<StationDocumentDoc>(
  'StationDocument',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    adoptedOn: { type: String, required: true },
    reviewedOn: { type: String, default: null },
    reference: { type: String, default: null },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, kind: 1 }]],
);

export const staff = new ScopedRepository<StaffDoc>(StaffModel, '社工');
export const sites = new ScopedRepository<SiteDoc>(SiteModel, '场地信息');
export const stationDocuments = new ScopedRepository<StationDocumentDoc>(StationDocumentModel, '制度文件');

/**
 * Writes a station's site: the first write inserts under the unique station index; a racing second
 * insert loses and updates instead.
 */
export async function saveSite(scope: StationScope & { kind: 'station' }, site: Site, by: string): Promise<SiteDoc> {
  const existing = await sites.findOne(scope, {});
  if (existing) return (await sites.update(scope, String(existing._id), { $set: { ...site, updatedBy: by } }))!;
  try {
    return await sites.create(scope, scope.stationCode, { ...site, updatedBy: by });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return saveSite(scope, site, by);
  }
}

/** The site of one station, or null before it is recorded. */
export function siteOf(scope: StationScope & { kind: 'station' }): Promise<SiteDoc | null> {
  return sites.findOne(scope, {});
}
