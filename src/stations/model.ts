import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';

/** A village or community 村(社区) of a station, by its 12-digit code. */
export interface Community {
  code: string;
  name: string;
}

/** A township/street social work station 社工站, keyed by its 9-digit township code. */
export interface StationDoc {
  _id: Types.ObjectId;
  code: string;
  name: string;
  countyCode: string;
  countyName: string;
  cityName: string;
  provinceName: string;
  communities: Community[];
  /** Whether the station runs on the platform (the county admin opens stations). */
  active: boolean;
  /** Station-level overrides of matching rules (validated by the matcher's schema). */
  matchingRules?: Record<string, unknown>;
  /** Scheduled re-matches assign by themselves when the best score reaches this (null: always ask a person). */
  autoAssignMinScore?: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const StationModel = defineModel<StationDoc>(
  'Station',
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    countyCode: { type: String, required: true },
    countyName: { type: String, required: true },
    cityName: { type: String, default: '' },
    provinceName: { type: String, default: '' },
    communities: [{ _id: false, code: String, name: String }],
    active: { type: Boolean, default: true },
    matchingRules: { type: Object },
    autoAssignMinScore: { type: Number, default: null },
  },
  [[{ code: 1 }, { unique: true }], [{ countyCode: 1 }]],
);
