import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';

/** A monthly visit 探访 owed to a key-target household 重点对象 (policy: 100% every month). */
export interface VisitTaskDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  /** YYYY-MM, China time. */
  month: string;
  status: 'due' | 'done';
  doneAt?: Date;
  doneBy?: string;
  note?: string;
  createdAt: Date;
  updatedAt: Date;
}

export const VisitTaskModel = defineModel<VisitTaskDoc>(
  'VisitTask',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    householdId: { type: String, required: true },
    communityCode: { type: String, required: true },
    month: { type: String, required: true },
    status: { type: String, required: true },
    doneAt: Date,
    doneBy: String,
    note: String,
  },
  [[{ householdId: 1, month: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, month: 1, status: 1 }]],
);

/** Scoped access to visit tasks. */
export const visitTasks = new ScopedRepository<VisitTaskDoc>(VisitTaskModel, '探访任务');
