import { Schema, type Types } from 'mongoose';
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
  /** `kind:ownerId:period:slot` (see claimIdOf); claims written before that naming have ObjectIds. */
  _id: string | Types.ObjectId;
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
    // A string id naming the slot: whether a slot is held is a lookup by _id, the one filter FerretDB
    // answers from an index. The unique index below stays the guard (also against older ObjectId rows).
    _id: { type: Schema.Types.Mixed },
    kind: { type: String, required: true },
    ownerId: { type: String, required: true },
    period: { type: String, default: '' },
    slot: { type: Number, required: true },
    holder: String,
  },
  [[{ kind: 1, ownerId: 1, period: 1, slot: 1 }, { unique: true }], [{ kind: 1, period: 1 }]],
);

type Key = { kind: CapacityClaimDoc['kind']; ownerId: string; period?: string };

/** The id of a slot's claim: the slot is held exactly when a record with this id exists. */
export function claimIdOf(key: Key, slot: number): string {
  return `${key.kind}:${key.ownerId}:${key.period ?? ''}:${slot}`;
}

/** How many slot numbers are looked up at once while searching for a free one. */
const SLOT_CHUNK = 8;

/** Which of the slots from…to-1 are held, by one _id lookup each (in parallel). */
async function heldSlotsIn(key: Key, from: number, to: number): Promise<Set<number>> {
  const slots = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  const found = await Promise.all(slots.map((slot) => CapacityClaimModel.findById(claimIdOf(key, slot)).lean<CapacityClaimDoc>()));
  return new Set(slots.filter((_, i) => found[i]));
}

/**
 * The free slot numbers below `capacity`, lowest first, read a few at a time (an organisation may have
 * dozens of monthly slots; the first free one is usually among the first few).
 */
async function* freeSlots(key: Key, capacity: number): AsyncGenerator<number> {
  for (let from = 0; from < capacity; from += SLOT_CHUNK) {
    const to = Math.min(capacity, from + SLOT_CHUNK);
    const held = await heldSlotsIn(key, from, to);
    for (let slot = from; slot < to; slot++) if (!held.has(slot)) yield slot;
  }
}

/** Inserts the claim of one slot; false when that slot is held (duplicate key). */
async function tryClaim(key: Key, slot: number, holder?: string): Promise<boolean> {
  try {
    await withBusyRetry(() =>
      CapacityClaimModel.insertMany([
        { _id: claimIdOf(key, slot), kind: key.kind, ownerId: key.ownerId, period: key.period ?? '', slot, ...(holder ? { holder } : {}) },
      ]),
    );
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}

/** Slots tried blind from a hint before falling back to reading which slots are held. */
const BLIND_TRIES = 2;

/**
 * Claims a free slot below `capacity`; returns the claimed slot number, or null when all are held.
 * With `from` (what the caller believes the owner holds now: its load, from the live matching index)
 * the claim is first simply tried at slot `from`, then the next: usually one insert and no read. Else,
 * or when those are held, it reads which slots are held (by _id), then inserts the first free one; a
 * lost race on one slot number (duplicate key) moves on to the next free one. The unique insert decides
 * in every case; no write happens when the reads find all held.
 */
export async function claimSlot(key: Key, capacity: number, holder?: string, from?: number): Promise<number | null> {
  if (from !== undefined && from >= 0 && from < capacity) {
    let slot = from;
    for (let tries = 0; tries < BLIND_TRIES && slot < capacity; tries++, slot++) {
      if (await tryClaim(key, slot, holder)) return slot;
    }
    // Every slot from 0 up was found held by its insert: full, without a read.
    if (from === 0 && slot >= capacity) return null;
  }
  for await (const slot of freeSlots(key, capacity)) {
    if (await tryClaim(key, slot, holder)) return slot;
  }
  return null;
}

/** Whether any slot below `capacity` is free now (a hint for refusing early; claimSlot decides). */
export async function hasFreeSlot(key: Key, capacity: number): Promise<boolean> {
  return !(await freeSlots(key, capacity).next()).done;
}

/**
 * Gives back the slot of `holder` (or, without one, the highest held slot); false when none was held.
 * With the slot number the claim is found by _id; without it (older assignments) by a search.
 */
export async function releaseSlot(key: Key, holder?: string, slot?: number): Promise<boolean> {
  if (slot !== undefined && holder) {
    const id = claimIdOf(key, slot);
    const claim = await CapacityClaimModel.findById(id).lean<CapacityClaimDoc>();
    if (claim?.holder === holder) {
      const res = await withBusyRetry(() => CapacityClaimModel.deleteOne({ _id: id }));
      return res.deletedCount === 1;
    }
  }
  const filter = { kind: key.kind, ownerId: key.ownerId, period: key.period ?? '', ...(holder ? { holder } : {}) };
  const claim = await CapacityClaimModel.findOne(filter).sort({ slot: -1 }).lean();
  if (!claim) return false;
  const res = await withBusyRetry(() => CapacityClaimModel.deleteOne({ _id: claim._id }));
  return res.deletedCount === 1;
}

/**
 * The release of `holder`'s slot in two steps, so its read can overlap other work: the claim is read by
 * _id now, and the returned function deletes it (or, when the claim there is not the holder's, searches
 * as releaseSlot does). The function answers false when nothing was held.
 */
export async function prepareSlotRelease(key: Key, holder: string, slot: number): Promise<() => Promise<boolean>> {
  const id = claimIdOf(key, slot);
  const claim = await CapacityClaimModel.findById(id).lean<CapacityClaimDoc>();
  if (claim?.holder !== holder) return () => releaseSlot(key, holder);
  return async () => (await withBusyRetry(() => CapacityClaimModel.deleteOne({ _id: id }))).deletedCount === 1;
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
