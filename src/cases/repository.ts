import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import type { CaseStatus } from './lifecycle.js';

export interface CasePerson {
  id: string;
  name: string;
}

export interface CaseIntervention {
  date: string;
  method: string;
  content: string;
  minutes: number;
  by: CasePerson;
  at: Date;
}

/** A case 个案: one person of a household, from intake to closure, with one case worker. */
export interface CaseDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  /** The person served (sensitive). */
  personName: string;
  source: { kind: 'need' | 'visit' | 'referral' | 'direct'; id: string | null };
  caseWorker: CasePerson;
  status: CaseStatus;
  /** Intake summary (sensitive). */
  summary: string;
  assessment: { problems: string; strengths: string; riskLevel: 'low' | 'medium' | 'high'; at: Date; by: string } | null;
  plan: { goals: Array<{ text: string; achieved: boolean | null; note: string }>; at: Date; by: string } | null;
  interventions: CaseIntervention[];
  reviews: Array<{ at: Date; by: string; note: string }>;
  closure: { reason: string; outcome: string; at: Date; by: string } | null;
  history: Array<{ at: Date; by: string; from: CaseStatus | null; to: CaseStatus }>;
  openedAt: Date;
  closedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const person = { _id: false, id: String, name: String };

const CaseModel = defineModel<CaseDoc>(
  'Case',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    householdId: { type: String, required: true },
    communityCode: { type: String, required: true },
    personName: { type: String, required: true },
    source: { _id: false, kind: String, id: String },
    caseWorker: { type: person, required: true },
    status: { type: String, required: true },
    summary: { type: String, default: '' },
    assessment: { type: { _id: false, problems: String, strengths: String, riskLevel: String, at: Date, by: String }, default: null },
    plan: {
      type: {
        _id: false,
        goals: [{ _id: false, text: String, achieved: { type: Boolean, default: null }, note: String }],
        at: Date,
        by: String,
      },
      default: null,
    },
    interventions: [{ _id: false, date: String, method: String, content: String, minutes: Number, by: person, at: Date }],
    reviews: [{ _id: false, at: Date, by: String, note: String }],
    closure: { type: { _id: false, reason: String, outcome: String, at: Date, by: String }, default: null },
    history: [{ _id: false, at: Date, by: String, from: String, to: String }],
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    revision: { type: Number, default: 0 },
  },
  [[{ countyCode: 1, stationCode: 1, status: 1 }], [{ householdId: 1 }]],
);

/** Scoped access to cases. */
export const cases = new ScopedRepository<CaseDoc>(CaseModel, '个案');

/** Demo seeding writes cases as they were on their dates. */
export async function insertDemoCases(docs: Array<Record<string, unknown>>): Promise<void> {
  if (docs.length) await CaseModel.insertMany(docs);
}
