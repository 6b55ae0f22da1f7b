import { createHash } from 'node:crypto';
import { Schema } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel, trusted } from '../shared/model.js';

/**
 * One Idempotency-Key of one requester: claimed by the first request (insert under a unique index,
 * the only single-winner write FerretDB serialises), then completed with that request's answer.
 */
export interface IdempotencyRecordDoc {
  /** recordIdOf(scope, key): the record is found by _id, the one lookup FerretDB answers from an index. */
  _id: string;
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
    _id: { type: Schema.Types.Mixed },
    scope: { type: String, required: true },
    key: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    status: { type: Number },
    body: { type: Object },
  },
  // The _id is the hash of scope and key: it is the unique guard, no second unique index needed.
  [[{ createdAt: 1 }]],
);

/** The record id of a requester's key (a hash: keys are up to 200 characters of the client's choosing). */
function recordIdOf(scope: string, key: string): string {
  return createHash('sha256').update(`${scope}\n${key}`).digest('hex');
}

/** Claims a key; true when this request is the first (it then owns the answer), false when it already exists. */
export async function claimKey(scope: string, key: string, fingerprint: string): Promise<boolean> {
  try {
    await IdempotencyRecordModel.create({ _id: recordIdOf(scope, key), scope, key, fingerprint, state: 'pending' });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The record of a key, or null. */
export async function findKey(scope: string, key: string): Promise<IdempotencyRecordDoc | null> {
  return IdempotencyRecordModel.findById(recordIdOf(scope, key)).lean<IdempotencyRecordDoc>();
}

/** Stores the first answer of a claimed key. */
export async function completeKey(scope: string, key: string, status: number, body: unknown): Promise<void> {
  // Only the claimant completes its key (the claim is the single-winner step): by _id alone.
  await IdempotencyRecordModel.updateOne({ _id: recordIdOf(scope, key) }, { $set: { state: 'done', status, body: body ?? null } });
}

/**
 * Releases an expired or abandoned record as it was read. The id is the key's, so it checks first that
 * the record is still the one read (same creation time): a claim made since is left alone.
 */
export async function releaseKey(record: Pick<IdempotencyRecordDoc, '_id' | 'createdAt'>): Promise<void> {
  const now = await IdempotencyRecordModel.findById(record._id).lean<IdempotencyRecordDoc>();
  if (now && new Date(now.createdAt).getTime() === new Date(record.createdAt).getTime()) {
    await IdempotencyRecordModel.deleteOne({ _id: record._id });
  }
}

/** Releases this request's own pending claim (the request failed in a way a retry may fix). */
export async function releasePendingKey(scope: string, key: string): Promise<void> {
  const id = recordIdOf(scope, key);
  const now = await IdempotencyRecordModel.findById(id).lean<IdempotencyRecordDoc>();
  if (now?.state === 'pending') await IdempotencyRecordModel.deleteOne({ _id: id });
}

/** Scheduled deletion of keys past their lifetime (FerretDB has no TTL indexes). */
export async function purgeKeysBefore(cutoff: Date): Promise<number> {
  const res = await IdempotencyRecordModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
  return res.deletedCount ?? 0;
}
