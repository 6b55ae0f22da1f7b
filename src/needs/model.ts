import type { Types } from 'mongoose';
import type { Location } from '../shared/geo.js';
import { defineModel } from '../shared/model.js';
import type { NeedStatus } from './lifecycle.js';
import type { CloseReason, Urgency } from './schema.js';

/** One status change of a need. */
export interface HistoryEntry {
  at: Date;
  by: string;
  from: NeedStatus | null;
  to: NeedStatus;
  note: string | null;
}

/** A need 需求 (DOMAIN.md minimum fields) with its history, owned by one station. */
export interface NeedDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  communityCode: string;
  householdId: string | null;
  category: string | null;
  title: string;
  description: string;
  groups: string[];
  urgency: Urgency;
  location: Location;
  schedule: { kind: 'once' | 'recurring'; windows: Array<{ day: number; start: string; end: string }>; dueBy?: Date | null };
  skills: string[];
  quantity: { amount: number; unit: string } | null;
  status: NeedStatus;
  source: 'survey' | 'hotline' | 'walk_in' | 'referral';
  /** Why a closed need was closed (null unless closed with a reason). */
  closeReason: CloseReason | null;
  history: HistoryEntry[];
  /** Incremented by every change; writers claim the next revision first (see claims.ts). */
  revision: number;
  /** Sort keys: numbers, so keyset cursors survive JSON. dueMs is +∞-like when there is no due date. */
  urgencyRank: number;
  dueMs: number;
  /**
   * Identity of what created the need, unique per station: `api:<id>` for direct entry,
   * `row:<contentKey>:<category>` for import rows and survey answers, so a replay creates nothing.
   */
  sourceKey: string;
  surveyResponseId: string | null;
  importJobId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** dueMs of a need without a due date: after every real date. */
export const NO_DUE_DATE_MS = 8.64e15;

/** Used by src/needs/repository.ts (areas still reading it directly are moving to the repository). */
export const NeedModel = defineModel<NeedDoc>(
  'Need',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    communityCode: { type: String, required: true },
    householdId: { type: String, default: null },
    category: { type: String, default: null },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    groups: [String],
    urgency: { type: String, required: true },
    location: { _id: false, lat: Number, lng: Number },
    schedule: {
      _id: false,
      kind: { type: String, required: true },
      windows: [{ _id: false, day: Number, start: String, end: String }],
      dueBy: { type: Date, default: null },
    },
    skills: [String],
    quantity: { type: { _id: false, amount: Number, unit: String }, default: null },
    status: { type: String, required: true },
    source: { type: String, required: true },
    closeReason: { type: String, default: null },
    history: [{ _id: false, at: Date, by: String, from: String, to: String, note: String }],
    revision: { type: Number, default: 0 },
    urgencyRank: { type: Number, required: true },
    dueMs: { type: Number, required: true },
    sourceKey: { type: String, required: true },
    surveyResponseId: { type: String, default: null },
    importJobId: { type: String, default: null },
    createdBy: { type: String, required: true },
  },
  [
    [{ stationCode: 1, sourceKey: 1 }, { unique: true }],
    [{ countyCode: 1, stationCode: 1, status: 1, _id: -1 }],
    [{ stationCode: 1, urgencyRank: -1, _id: -1 }],
    [{ stationCode: 1, dueMs: 1, _id: 1 }],
    [{ householdId: 1 }],
  ],
);
