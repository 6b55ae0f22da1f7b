import { Schema, type Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { LatLng, Window } from '../supply/schemas.js';

/** Review state of a self-registered profile: only approved volunteers are ever assigned. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/**
 * A community volunteer 社区志愿者 (DOMAIN.md "Volunteer"), registered to a home station.
 * How many assignments it holds is the count of its slot claims (supply/repository.ts), never stored here.
 */
export interface VolunteerDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  userId?: string;
  name: string;
  /** Normalised mobile number; also the account's username. Sensitive: masked in lists. */
  phone: string;
  skills: string[];
  description: string;
  /** As declared by the volunteer. */
  certifications: string[];
  /**
   * The declared certifications a coordinator has checked (at approval, or on re-verification).
   * Only these reach the matcher, so vetting for work with children is never self-declared.
   */
  verifiedCertifications: string[];
  availability: Window[];
  datesOff: string[];
  location?: LatLng;
  /** The home village 村(社区) the volunteer chose; `location` is then its approximate centre. */
  homeCommunityCode?: string;
  radiusKm: number;
  maxActive: number;
  status: ReviewStatus;
  approved: boolean;
  reviewedBy?: string;
  reviewedAt?: Date;
  reviewNote?: string;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Sub-schema for {lat, lng}, absent rather than empty when not given. */
export const LatLngField = { type: new Schema({ lat: Number, lng: Number }, { _id: false }), default: undefined };

/** Sub-schema for weekly windows. */
export const WindowsField = [new Schema({ day: Number, start: String, end: String }, { _id: false })];

/** Volunteer profiles; the phone is unique (one profile per account). */
export const VolunteerModel = defineModel<VolunteerDoc>(
  'Volunteer',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    userId: String,
    name: { type: String, required: true },
    phone: { type: String, required: true },
    skills: [String],
    description: { type: String, default: '' },
    certifications: [String],
    verifiedCertifications: [String],
    availability: WindowsField,
    datesOff: [String],
    location: LatLngField,
    homeCommunityCode: String,
    radiusKm: { type: Number, required: true },
    maxActive: { type: Number, required: true },
    status: { type: String, required: true, default: 'pending' },
    approved: { type: Boolean, default: false },
    reviewedBy: String,
    reviewedAt: Date,
    reviewNote: String,
    searchText: { type: String, default: '' },
  },
  [[{ phone: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, status: 1 }], [{ countyCode: 1, approved: 1 }]],
);

/** What a coordinator's correction replaced: the volunteer's original figure, kept for the audit trail. */
export interface HoursCorrection {
  hours: number;
  note?: string;
}

/**
 * One entry of service hours for an assignment on a day. The volunteer's figure is recorded
 * UNCONFIRMED; a coordinator confirms it once (or corrects it, keeping the original in
 * `correctedFrom`). Only confirmed entries count in totals, reports and certificates. Never deleted.
 */
export interface ServiceHoursDoc {
  _id: Types.ObjectId;
  countyCode: string;
  /** The station where the service was given (the need's station). */
  stationCode: string;
  volunteerId: string;
  assignmentId: string;
  hours: number;
  date: string;
  month: string;
  recordedBy: string;
  note?: string;
  confirmed: boolean;
  confirmedBy?: string;
  confirmedAt?: Date;
  confirmNote?: string;
  correctedFrom?: HoursCorrection;
  createdAt: Date;
}

/** Service-hour entries: appended, confirmed once, never deleted. */
export const ServiceHoursModel = defineModel<ServiceHoursDoc>(
  'ServiceHours',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    volunteerId: { type: String, required: true },
    assignmentId: { type: String, required: true },
    hours: { type: Number, required: true },
    date: { type: String, required: true },
    month: { type: String, required: true },
    recordedBy: { type: String, required: true },
    note: String,
    confirmed: { type: Boolean, default: false },
    confirmedBy: String,
    confirmedAt: Date,
    confirmNote: String,
    correctedFrom: { type: new Schema({ hours: Number, note: String }, { _id: false }), default: undefined },
  },
  [
    [{ assignmentId: 1, volunteerId: 1, date: 1 }, { unique: true }],
    [{ countyCode: 1, stationCode: 1, month: 1 }],
    [{ countyCode: 1, stationCode: 1, confirmed: 1 }],
    [{ volunteerId: 1, date: -1 }],
  ],
);

/**
 * The single-winner step of confirming an entry: one document per entry under a unique index
 * (FerretDB applies a conditional update as read-then-write, so two coordinators could both "win").
 */
export interface HoursConfirmationDoc {
  _id: Types.ObjectId;
  entryId: string;
  hours: number;
  confirmedBy: string;
  createdAt: Date;
}

export const HoursConfirmationModel = defineModel<HoursConfirmationDoc>(
  'HoursConfirmation',
  {
    entryId: { type: String, required: true },
    hours: { type: Number, required: true },
    confirmedBy: { type: String, required: true },
  },
  [[{ entryId: 1 }, { unique: true }]],
);
