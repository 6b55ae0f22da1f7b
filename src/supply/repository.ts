import type { Types } from 'mongoose';
import { withBusyRetry } from '../db/busy.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel } from '../shared/model.js';

/**
 * One held unit of capacity: a volunteer's assignment slot, or one of an organisation's monthly
 * referrals. FerretDB 1.x (SQLite) applies findOneAndUpdate as read-then-write, so a conditional
 * `$inc` on a counter overbooks under concurrency; an insert against a unique index is the one
 * write it serialises. A claim is therefore a row keyed (kind, ownerId, period, slot) with
 * slot < capacity: two callers racing for the same slot number cannot both insert it.
 */
export interface CapacityClaimDoc {
  _id: Types.ObjectId;
  kind: 'volunteer' | 'organisation';
  ownerId: string;
  /** '' for volunteers (slots held at once); 'YYYY-MM' for organisations (per month). */
  period: string;
  slot: number;
  /** What holds the slot (an assignment id), so a release gives back exactly that one. */
  holder?: string;
  createdAt: Date;
}

/** Held capacity slots, one row per slot (unique per owner, period and slot number). */
const CapacityClaimModel = defineModel<CapacityClaimDoc>(
  'CapacityClaim',
  {
    kind: { type: String, required: true },
    ownerId: { type: String, required: true },
    period: { type: String, default: '' },
    slot: { type: Number, required: true },
    holder: String,
  },
  [[{ kind: 1, ownerId: 1, period: 1, slot: 1 }, { unique: true }], [{ kind: 1, period: 1 }]],
);

type Key = { kind: CapacityClaimDoc['kind']; ownerId: string; period?: string };

/**
 * Claims a free slot below `capacity`; returns the claimed slot number, or null when all are held.
 * A lost race on one slot number moves on to the next free one.
 */
export async function claimSlot(key: Key, capacity: number, holder?: string): Promise<number | null> {
  const period = key.period ?? '';
  for (let round = 0; round < 3; round++) {
    const held = await CapacityClaimModel.find({ kind: key.kind, ownerId: key.ownerId, period }).select({ slot: 1 }).lean();
    const taken = new Set(held.map((c) => c.slot));
    const free = Array.from({ length: Math.max(0, capacity) }, (_, i) => i).filter((i) => !taken.has(i));
    if (free.length === 0) return null;
    for (const slot of free) {
      try {
        await withBusyRetry(() =>
          CapacityClaimModel.insertMany([{ kind: key.kind, ownerId: key.ownerId, period, slot, ...(holder ? { holder } : {}) }]),
        );
        return slot;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  return null;
}

/** Gives back the slot of `holder` (or, without one, the highest held slot); false when none was held. */
export async function releaseSlot(key: Key, holder?: string): Promise<boolean> {
  const filter = { kind: key.kind, ownerId: key.ownerId, period: key.period ?? '', ...(holder ? { holder } : {}) };
  const claim = await CapacityClaimModel.findOne(filter).sort({ slot: -1 }).lean();
  if (!claim) return false;
  const res = await withBusyRetry(() => CapacityClaimModel.deleteOne({ _id: claim._id }));
  return res.deletedCount === 1;
}

/** Held slots per owner (one $match + $group), for presenting `active` / `usedThisMonth`. */
export async function heldCounts(kind: CapacityClaimDoc['kind'], ownerIds: string[], period = ''): Promise<Map<string, number>> {
  if (ownerIds.length === 0) return new Map();
  const rows = await CapacityClaimModel.aggregate<{ _id: string; n: number }>([
    { $match: { kind, period, ownerId: { $in: ownerIds } } },
    { $group: { _id: '$ownerId', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [r._id, r.n]));
}

/** Held slots of one owner. */
export async function heldCount(kind: CapacityClaimDoc['kind'], ownerId: string, period = ''): Promise<number> {
  return CapacityClaimModel.countDocuments({ kind, ownerId, period });
}
