import type { Types } from 'mongoose';
import type { Location } from '../shared/geo.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';

/** Who is responsible for, or made, a visit: station staff or a volunteer the station assigned. */
export interface VisitPerson {
  kind: 'staff' | 'volunteer';
  /** A user id (staff) or a volunteer profile id. */
  id: string;
  name: string;
}

/** State of a month's visit owed to a key target: due, done, or missed once the month is over. */
export type VisitTaskStatus = 'due' | 'done' | 'missed';

/** A monthly visit 探访 owed to a key-target household 重点对象 (policy: 100% every month). */
export interface VisitTaskDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  /** YYYY-MM, China time. */
  month: string;
  /** Key-target people in the household when the task was made: the per-person visit rate counts them. */
  people: number;
  status: VisitTaskStatus;
  assignee: VisitPerson | null;
  doneAt: Date | null;
  /** The visit record that fulfilled the task. */
  recordId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const person = { _id: false, kind: String, id: String, name: String };

const VisitTaskModel = defineModel<VisitTaskDoc>(
  'VisitTask',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    householdId: { type: String, required: true },
    communityCode: { type: String, required: true },
    month: { type: String, required: true },
    people: { type: Number, default: 1 },
    status: { type: String, required: true },
    assignee: { type: person, default: null },
    doneAt: { type: Date, default: null },
    recordId: { type: String, default: null },
  },
  [[{ householdId: 1, month: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, month: 1, status: 1 }]],
);

/** How a visit was made. */
export type VisitMode = 'home' | 'phone' | 'video' | 'other';
/** One line of the structured check: fine, a concern, or serious (act now). */
export type FindingLevel = 'good' | 'concern' | 'serious';
export type FindingArea = 'health' | 'living' | 'safety' | 'mood';

/** A finding turned into a need on the needs list. */
export interface VisitFollowUp {
  area: FindingArea;
  needId: string;
  at: Date;
  by: string;
}

/** What happened on one visit (探访记录). */
export interface VisitRecordDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  taskId: string | null;
  month: string;
  visitedAt: Date;
  mode: VisitMode;
  visitor: VisitPerson;
  /** Recorded by a volunteer the station assigned (shown as such). */
  byVolunteer: boolean;
  findings: Record<FindingArea, FindingLevel>;
  /** Free text: may describe health and home, so it is sensitive. */
  note: string;
  location: Location | null;
  photos: string[];
  followUps: VisitFollowUp[];
  recordedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const VisitRecordModel = defineModel<VisitRecordDoc>(
  'VisitRecord',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    householdId: { type: String, required: true },
    communityCode: { type: String, required: true },
    taskId: { type: String, default: null },
    month: { type: String, required: true },
    visitedAt: { type: Date, required: true },
    mode: { type: String, required: true },
    visitor: { type: person, required: true },
    byVolunteer: { type: Boolean, default: false },
    findings: { _id: false, health: String, living: String, safety: String, mood: String },
    note: { type: String, default: '' },
    location: { type: { _id: false, lat: Number, lng: Number }, default: null },
    photos: { type: [String], default: [] },
    followUps: [{ _id: false, area: String, needId: String, at: Date, by: String }],
    recordedBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, month: 1 }], [{ householdId: 1, visitedAt: -1 }]],
);

/** Scoped access to visit tasks. */
export const visitTasks = new ScopedRepository<VisitTaskDoc>(VisitTaskModel, '探访任务');
/** Scoped access to visit records. */
export const visitRecords = new ScopedRepository<VisitRecordDoc>(VisitRecordModel, '探访记录');

/**
 * Inserts tasks that do not exist yet. Callers pass only the missing ones (read first): FerretDB 1.x
 * wedges every data operation for many minutes on a bulk of upserts over existing documents, so no
 * upsert bulk is ever sent. A concurrent creator may still win a few: duplicates are ignored.
 */
export async function insertMissingTasks(docs: Array<Omit<VisitTaskDoc, '_id' | 'createdAt' | 'updatedAt'>>): Promise<number> {
  if (docs.length === 0) return 0;
  let inserted = 0;
  for (let i = 0; i < docs.length; i += 500) {
    try {
      const res = await VisitTaskModel.insertMany(docs.slice(i, i + 500), { ordered: false });
      inserted += res.length;
    } catch (err) {
      const e = err as { insertedDocs?: unknown[]; writeErrors?: Array<{ err?: unknown }> };
      const errors = e.writeErrors ?? [];
      const onlyDuplicates = errors.length > 0 && errors.every((w) => isDuplicateKey(w) || isDuplicateKey(w.err));
      if (!onlyDuplicates && !isDuplicateKey(err)) throw err;
      inserted += e.insertedDocs?.length ?? 0;
    }
  }
  return inserted;
}

/** Demo seeding writes records as they were on their dates (timestamps kept). */
export async function insertDemoVisits(tasks: Array<Record<string, unknown>>, records: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < tasks.length; i += 500) await VisitTaskModel.insertMany(tasks.slice(i, i + 500));
  for (let i = 0; i < records.length; i += 500) await VisitRecordModel.insertMany(records.slice(i, i + 500));
}
