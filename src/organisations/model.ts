import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { LatLng } from '../supply/schemas.js';
import type { ReviewStatus } from '../volunteers/model.js';

/** Kinds of community organisations (DOMAIN.md). */
export const ORGANISATION_TYPES = ['社区社会组织', '社工机构', '志愿服务队', '爱心企业', '其他'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Where an organisation serves: a circle, or a list of 12-digit community codes. */
export type Coverage = { center: LatLng; radiusKm: number } | { communityCodes: string[] };

/**
 * A community organisation 社会组织 (DOMAIN.md "Organisation"), registered to a home station but
 * possibly serving the whole county. Monthly usage is counted in supply/claims.ts per month.
 */
export interface OrganisationDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  userId?: string;
  name: string;
  type: OrganisationType;
  categories: string[];
  description: string;
  coverage: Coverage;
  capacityPerMonth: number;
  contactName?: string;
  /** Sensitive: masked in lists. Also the account's username. */
  contactPhone: string;
  status: ReviewStatus;
  approved: boolean;
  reviewedBy?: string;
  reviewedAt?: Date;
  reviewNote?: string;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Organisations; the contact phone is unique (it is also the login). */
export const OrganisationModel = defineModel<OrganisationDoc>(
  'Organisation',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    userId: String,
    name: { type: String, required: true },
    type: { type: String, required: true },
    categories: [String],
    description: { type: String, default: '' },
    coverage: { type: Object, required: true },
    capacityPerMonth: { type: Number, required: true },
    contactName: String,
    contactPhone: { type: String, required: true },
    status: { type: String, required: true, default: 'pending' },
    approved: { type: Boolean, default: false },
    reviewedBy: String,
    reviewedAt: Date,
    reviewNote: String,
    searchText: { type: String, default: '' },
  },
  [[{ contactPhone: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, status: 1 }], [{ countyCode: 1, approved: 1 }]],
);
