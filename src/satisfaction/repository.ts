import type { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import type { StationScope } from '../auth/actor.js';

export type SatisfactionLevel = 'satisfied' | 'basic' | 'dissatisfied';
export type SatisfactionSubjectKind = 'assignment' | 'case' | 'group';

/** A person's own satisfaction with a completed assignment, a closed case or a group (回访满意度). */
export interface SatisfactionDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  subject: { kind: SatisfactionSubjectKind; id: string };
  /** Who answered (a group has several members); empty for the household as a whole. */
  personName: string;
  /** One answer per subject and person: `kind:id:personName` under a unique index. */
  key: string;
  level: SatisfactionLevel;
  note: string;
  method: 'phone' | 'in_person';
  recordedBy: string;
  at: Date;
  createdAt: Date;
  updatedAt: Date;
}

const SatisfactionModel = defineModel<SatisfactionDoc>(
  'Satisfaction',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    subject: { _id: false, kind: String, id: String },
    personName: { type: String, default: '' },
    key: { type: String, required: true },
    level: { type: String, required: true },
    note: { type: String, default: '' },
    method: { type: String, required: true },
    recordedBy: { type: String, required: true },
    at: { type: Date, required: true },
  },
  [[{ key: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, at: -1 }]],
);

export const satisfactions = new ScopedRepository<SatisfactionDoc>(SatisfactionModel, '满意度记录');

/** Creates the answer, or returns null when this person already answered for the subject. */
export async function insertSatisfaction(
  scope: StationScope,
  stationCode: string,
  doc: Omit<SatisfactionDoc, '_id' | 'countyCode' | 'stationCode' | 'createdAt' | 'updatedAt'>,
): Promise<SatisfactionDoc | null> {
  try {
    return await satisfactions.create(scope, stationCode, doc);
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}

export async function insertDemoSatisfactions(docs: Array<Record<string, unknown>>): Promise<void> {
  if (docs.length) await SatisfactionModel.insertMany(docs);
}
