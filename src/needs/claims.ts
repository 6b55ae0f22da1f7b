import type { Types } from 'mongoose';
import { defineModel, trusted } from '../shared/model.js';

/**
 * One claimed revision of a need. FerretDB 1.x applies a conditional findOneAndUpdate as read-then-write,
 * so two writers can both "match" the same status; a unique index insert is atomic there. A writer
 * first claims revision r+1 of a need it read at revision r; only one claim per revision succeeds.
 */
interface ClaimDoc {
  _id: Types.ObjectId;
  needId: string;
  revision: number;
  createdAt: Date;
}

export const NeedClaimModel = defineModel<ClaimDoc>(
  'NeedRevisionClaim',
  { needId: { type: String, required: true }, revision: { type: Number, required: true } },
  [[{ needId: 1, revision: 1 }, { unique: true }]],
);

/** A claim older than this, whose need never reached the claimed revision, was left by a crashed writer. */
const STALE_CLAIM_MS = 30_000;

const isDuplicate = (err: unknown) => (err as { code?: number })?.code === 11000;

/**
 * Claims the right to move a need from `revision` to `revision + 1`. Returns false when another writer
 * holds that claim. `currentRevision` re-reads the need, to clear a claim a crashed writer left behind.
 */
export async function claimRevision(needId: string, revision: number, currentRevision: () => Promise<number>): Promise<boolean> {
  const next = revision + 1;
  try {
    await NeedClaimModel.create({ needId, revision: next });
    return true;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
  if ((await currentRevision()) !== revision) return false;
  const stale = await NeedClaimModel.deleteOne({ needId, revision: next, createdAt: trusted({ $lt: new Date(Date.now() - STALE_CLAIM_MS) }) });
  if (stale.deletedCount !== 1) return false;
  try {
    await NeedClaimModel.create({ needId, revision: next });
    return true;
  } catch (err) {
    if (isDuplicate(err)) return false;
    throw err;
  }
}
