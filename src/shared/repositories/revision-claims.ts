import { Schema, type Types } from 'mongoose';
import { isDuplicateKey } from '../db-errors.js';
import { defineModel, trusted } from '../model.js';

/**
 * One claimed revision of a record. FerretDB 1.x applies a conditional findOneAndUpdate as
 * read-then-write, so two writers can both "match" the same state; an insert under a unique index is
 * atomic there (and on MongoDB). A writer that read a record at revision r first claims revision
 * r+1; only one claim per revision succeeds, and only its holder writes.
 */
interface ClaimDoc {
  /** `entity:entityId:revision` (claimIdOf): a claim is given back by _id alone; older claims have ObjectIds. */
  _id: string | Types.ObjectId;
  entity: string;
  entityId: string;
  revision: number;
  createdAt: Date;
}

/** Private to this repository: every other module claims through the functions below. */
const RevisionClaimModel = defineModel<ClaimDoc>(
  'RevisionClaim',
  {
    // A string id naming the claim, so giving one back is a delete by _id (the one filter FerretDB answers
    // from an index). The unique index below stays the guard, also against older ObjectId claims.
    _id: { type: Schema.Types.Mixed },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    revision: { type: Number, required: true },
  },
  [[{ entity: 1, entityId: 1, revision: 1 }, { unique: true }], [{ createdAt: 1 }]],
);

/** A claim older than this, whose record never reached the claimed revision, was left by a crashed writer. */
const STALE_CLAIM_MS = 30_000;

/** The id of the claim on `revision` of a record. */
function claimIdOf(entity: string, entityId: string, revision: number): string {
  return `${entity}:${entityId}:${revision}`;
}

async function insertClaim(entity: string, entityId: string, revision: number): Promise<boolean> {
  try {
    await RevisionClaimModel.insertMany([{ _id: claimIdOf(entity, entityId, revision), entity, entityId, revision }]);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Claims the right to move a record from `revision` to `revision + 1`. Returns false when another
 * writer holds that claim. `currentRevision` re-reads the record, to clear a claim a crashed writer
 * left behind.
 */
export async function claimNextRevision(
  entity: string,
  entityId: string,
  revision: number,
  currentRevision: () => Promise<number>,
): Promise<boolean> {
  const next = revision + 1;
  if (await insertClaim(entity, entityId, next)) return true;
  if ((await currentRevision()) !== revision) return false;
  const stale = await RevisionClaimModel.deleteOne({
    entity,
    entityId,
    revision: next,
    createdAt: trusted({ $lt: new Date(Date.now() - STALE_CLAIM_MS) }),
  });
  return stale.deletedCount === 1 && (await insertClaim(entity, entityId, next));
}

/**
 * Gives back the claim on `revision + 1` that this writer won but will not write (a write beside it
 * failed): the record stays movable at once instead of after STALE_CLAIM_MS. Only a writer that knows
 * its write did not land may call it.
 */
export async function releaseNextRevision(entity: string, entityId: string, revision: number): Promise<void> {
  await RevisionClaimModel.deleteOne({ _id: claimIdOf(entity, entityId, revision + 1) });
}

/** Scheduled deletion of old claims: once a record moved past a revision its claim is history. */
export async function purgeClaimsBefore(cutoff: Date): Promise<number> {
  const res = await RevisionClaimModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
  return res.deletedCount ?? 0;
}
