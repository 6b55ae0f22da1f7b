import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';

export type GroupStatus = 'planned' | 'running' | 'closed';

export interface GroupMember {
  name: string;
  householdId: string | null;
}

/** One session 场次 of a group, with the members who signed in 签到 (by name). */
export interface GroupSession {
  no: number;
  date: string;
  content: string;
  attendance: string[];
  recordedBy: string;
  at: Date;
}

/** Group work 小组: aim, target members, planned sessions, sessions with attendance, closing evaluation. */
export interface GroupDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  name: string;
  aim: string;
  targetMembers: string;
  leader: { id: string; name: string };
  members: GroupMember[];
  plannedSessions: number;
  sessions: GroupSession[];
  evaluation: { text: string; at: Date; by: string } | null;
  status: GroupStatus;
  history: Array<{ at: Date; by: string; from: GroupStatus | null; to: GroupStatus }>;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const GroupModel = defineModel<GroupDoc>(
  'Group',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    name: { type: String, required: true },
    aim: { type: String, default: '' },
    targetMembers: { type: String, default: '' },
    leader: { _id: false, id: String, name: String },
    members: [{ _id: false, name: String, householdId: { type: String, default: null } }],
    plannedSessions: { type: Number, default: 1 },
    sessions: [{ _id: false, no: Number, date: String, content: String, attendance: [String], recordedBy: String, at: Date }],
    evaluation: { type: { _id: false, text: String, at: Date, by: String }, default: null },
    status: { type: String, required: true },
    history: [{ _id: false, at: Date, by: String, from: String, to: String }],
    revision: { type: Number, default: 0 },
  },
  [[{ countyCode: 1, stationCode: 1, status: 1 }]],
);

export const groups = new ScopedRepository<GroupDoc>(GroupModel, '小组');

export async function insertDemoGroups(docs: Array<Record<string, unknown>>): Promise<void> {
  if (docs.length) await GroupModel.insertMany(docs);
}
