import type { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel, trusted } from '../shared/model.js';

/**
 * One Idempotency-Key of one requester: claimed by the first request (insert under a unique index,
 * the only single-winner write FerretDB serialises), then completed with that request's answer.
 */
export interface IdempotencyRecordDoc {
  _id: Types.ObjectId;
  /** Who sent it: `u:<userId>` for a signed-in user, `a:<address>` otherwise. */
  scope: string;
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  state: 'pending' | 'done';
  status?: number;
  /** The first answer's JSON body (null when it had none). */
  body?: unknown;
  createdAt: Date;
}

const IdempotencyRecordModel = defineModel<IdempotencyRecordDoc>(
  'IdempotencyRecord',
  {
    scope: { type: String, required: true },
    key: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    status: { type: Number },
    body: { type: Object },
  },
  [[{ scope: 1, key: 1 }, { unique: true }], [{ createdAt: 1 }]],
);

/** Claims a key; true when this request is the first (it then owns the answer), false when it already exists. */
export async function claimKey(scope: string, key: string, fingerprint: string): Promise<boolean> {
  try {
    await IdempotencyRecordModel.create({ scope, key, fingerprint, state: 'pending' });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The record of a key, or null. */
export async function findKey(scope: string, key: string): Promise<IdempotencyRecordDoc | null> {
  return IdempotencyRecordModel.findOne({ scope, key }).lean<IdempotencyRecordDoc>();
}

/** Stores the first answer of a claimed key. */
export async function completeKey(scope: string, key: string, status: number, body: unknown): Promise<void> {
  await IdempotencyRecordModel.updateOne({ scope, key, state: 'pending' }, { $set: { state: 'done', status, body: body ?? null } });
}

/** Releases a claim (the request failed in a way a retry may fix); by id, so a newer claim is never removed. */
export async function releaseKey(id: Types.ObjectId): Promise<void> {
  await IdempotencyRecordModel.deleteOne({ _id: id });
}

/** Releases a pending claim of this scope and key, whatever its id. */
export async function releasePendingKey(scope: string, key: string): Promise<void> {
  await IdempotencyRecordModel.deleteOne({ scope, key, state: 'pending' });
}

/** Scheduled deletion of keys past their lifetime (FerretDB has no TTL indexes). */
export async function purgeKeysBefore(cutoff: Date): Promise<number> {
  const res = await IdempotencyRecordModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
  return res.deletedCount ?? 0;
}
