import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';

export type ActivityStatus = 'planned' | 'held' | 'cancelled';

/** A volunteer who served at an activity; hours count once a coordinator confirms them. */
export interface ActivityVolunteer {
  volunteerId: string;
  name: string;
  hours: number;
  confirmedBy: string | null;
  confirmedAt: Date | null;
}

/** A community activity 社区活动 (counted in 场次 and 人次). */
export interface ActivityDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  title: string;
  date: string;
  /** YYYY-MM of `date`, for period counts. */
  month: string;
  place: string;
  kind: string;
  organisers: Array<{ kind: 'station' | 'organisation' | 'volunteer_team'; name: string; id: string | null }>;
  participants: number;
  signIns: string[];
  volunteers: ActivityVolunteer[];
  resources: Array<{ id: string | null; title: string }>;
  note: string;
  status: ActivityStatus;
  history: Array<{ at: Date; by: string; from: ActivityStatus | null; to: ActivityStatus }>;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const ActivityModel = defineModel<ActivityDoc>(
  'CommunityActivity',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    title: { type: String, required: true },
    date: { type: String, required: true },
    month: { type: String, required: true },
    place: { type: String, default: '' },
    kind: { type: String, required: true },
    organisers: [{ _id: false, kind: String, name: String, id: { type: String, default: null } }],
    participants: { type: Number, default: 0 },
    signIns: { type: [String], default: [] },
    volunteers: [
      {
        _id: false,
        volunteerId: String,
        name: String,
        hours: Number,
        confirmedBy: { type: String, default: null },
        confirmedAt: { type: Date, default: null },
      },
    ],
    resources: [{ _id: false, id: { type: String, default: null }, title: String }],
    note: { type: String, default: '' },
    status: { type: String, required: true },
    history: [{ _id: false, at: Date, by: String, from: String, to: String }],
    revision: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, month: 1 }]],
);

export const activities = new ScopedRepository<ActivityDoc>(ActivityModel, '社区活动');

export async function insertDemoActivities(docs: Array<Record<string, unknown>>): Promise<void> {
  if (docs.length) await ActivityModel.insertMany(docs);
}
