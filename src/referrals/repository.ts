import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';

export type ReferralStatus = 'sent' | 'accepted' | 'resolved' | 'refused' | 'no_answer';
export type ReferralTargetKind = 'civil_affairs' | 'disability' | 'medical_insurance' | 'health_center' | 'justice' | 'organisation';

/** A referral 转介 of a household's request to an office or organisation, until its answer closes the loop. */
export interface ReferralDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  caseId: string | null;
  target: { kind: ReferralTargetKind; name: string };
  /** What was asked (may describe the person's situation: sensitive). */
  request: string;
  sentAt: Date;
  /** When no answer by then, the reminder job flags it. */
  answerDueAt: Date;
  status: ReferralStatus;
  answer: string;
  answeredAt: Date | null;
  remindedAt: Date | null;
  history: Array<{ at: Date; by: string; from: ReferralStatus | null; to: ReferralStatus; note: string }>;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const ReferralModel = defineModel<ReferralDoc>(
  'Referral',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    householdId: { type: String, required: true },
    communityCode: { type: String, required: true },
    caseId: { type: String, default: null },
    target: { _id: false, kind: String, name: String },
    request: { type: String, required: true },
    sentAt: { type: Date, required: true },
    answerDueAt: { type: Date, required: true },
    status: { type: String, required: true },
    answer: { type: String, default: '' },
    answeredAt: { type: Date, default: null },
    remindedAt: { type: Date, default: null },
    history: [{ _id: false, at: Date, by: String, from: String, to: String, note: String }],
    revision: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, status: 1 }], [{ householdId: 1 }], [{ status: 1, answerDueAt: 1 }]],
);

export const referrals = new ScopedRepository<ReferralDoc>(ReferralModel, '转介');

export async function insertDemoReferrals(docs: Array<Record<string, unknown>>): Promise<void> {
  if (docs.length) await ReferralModel.insertMany(docs);
}
