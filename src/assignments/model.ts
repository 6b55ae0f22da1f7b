import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';

/** Who was assigned: a volunteer, an organisation, or a charity resource. */
export type CandidateKind = 'volunteer' | 'organisation' | 'resource';

/** Assignment states; a pending assignment waits for the volunteer's or organisation's answer. */
export type AssignmentStatus = 'pending' | 'accepted' | 'in_progress' | 'completed' | 'declined' | 'cancelled' | 'expired';

/** One step of an assignment's history. */
export interface AssignmentHistoryEntry {
  at: Date;
  by: string;
  from: AssignmentStatus | null;
  to: AssignmentStatus;
  note?: string;
}

/** A need given to one candidate, from proposal to completion. */
export interface AssignmentDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  needId: string;
  needCategory?: string;
  communityCode: string;
  candidate: { kind: CandidateKind; id: string; name: string };
  /** Who answers for the candidate: the volunteer / organisation profile id, or the charity id of a resource. */
  responderId: string;
  status: AssignmentStatus;
  score?: number;
  reasons?: Array<{ rule: string; text: string }>;
  /** Units of a resource allocated (material needs). */
  quantity?: { amount: number; unit: string };
  /** Month the organisation's capacity was taken in (YYYY-MM), to give it back to the right month. */
  capacityMonth?: string;
  /** The volunteer slot the assignment holds (released by its claim's _id). */
  capacitySlot?: number;
  approxDistanceKm?: number;
  /** When an unanswered assignment gets a reminder, then escalates to the coordinator. */
  remindAt?: Date;
  escalateAt?: Date;
  remindedAt?: Date;
  escalatedAt?: Date;
  declineReason?: string;
  cancelReason?: string;
  hours?: number;
  feedback?: string;
  history: AssignmentHistoryEntry[];
  /** Incremented by every change; writers claim the next revision first (shared/revision-claims.ts). */
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const AssignmentModel = defineModel<AssignmentDoc>(
  'Assignment',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    needId: { type: String, required: true },
    needCategory: String,
    communityCode: { type: String, required: true },
    candidate: { kind: { type: String, required: true }, id: { type: String, required: true }, name: { type: String, required: true } },
    responderId: { type: String, required: true },
    status: { type: String, required: true },
    score: Number,
    reasons: [{ _id: false, rule: String, text: String }],
    quantity: { type: { _id: false, amount: Number, unit: String }, default: undefined },
    capacityMonth: String,
    capacitySlot: Number,
    approxDistanceKm: Number,
    remindAt: Date,
    escalateAt: Date,
    remindedAt: Date,
    escalatedAt: Date,
    declineReason: String,
    cancelReason: String,
    hours: Number,
    feedback: String,
    history: [{ _id: false, at: Date, by: String, from: String, to: String, note: String }],
    revision: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, status: 1 }], [{ needId: 1 }], [{ responderId: 1, status: 1 }], [{ status: 1, remindAt: 1 }]],
);
