/**
 * Stored monthly statistics (月度快照), one per station and month. A past month's trend and comparison
 * read these, so editing a record later does not rewrite what was reported; only an admin's recompute
 * (with its reason kept here and in the audit log) changes a frozen month.
 */
import type { Types } from 'mongoose';
import type { StationScope } from '../../auth/actor.js';
import { scopeFilter } from '../../auth/actor.js';
import { isDuplicateKey } from '../../shared/db-errors.js';
import { defineModel, trusted } from '../../shared/model.js';
import type { StationStats } from '../compute.js';

/** One recompute of a snapshot: who, when, why, and the figures it replaced. */
export interface SnapshotRecompute {
  at: Date;
  by: string;
  reason: string;
  previous: StationStats;
}

export interface StationMonthSnapshotDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  month: string;
  stats: StationStats;
  /** A past month, computed after it ended: only an admin's recompute changes it. */
  frozen: boolean;
  computedAt: Date;
  recomputes: SnapshotRecompute[];
  createdAt: Date;
  updatedAt: Date;
}

export const StationMonthSnapshotModel = defineModel<StationMonthSnapshotDoc>(
  'StationMonthSnapshot',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    month: { type: String, required: true },
    stats: { type: Object, required: true },
    frozen: { type: Boolean, required: true },
    computedAt: { type: Date, required: true },
    recomputes: { type: [Object], default: [] },
  },
  [[{ stationCode: 1, month: 1 }, { unique: true }], [{ countyCode: 1, month: 1 }]],
);

export const stationSnapshots = {
  /** Snapshots of a scope for some months. */
  inScope(scope: StationScope, months: string[]): Promise<StationMonthSnapshotDoc[]> {
    return StationMonthSnapshotModel.find({ ...scopeFilter(scope), month: trusted({ $in: months }) })
      .sort({ month: 1, stationCode: 1 })
      .lean<StationMonthSnapshotDoc[]>()
      .exec();
  },

  /**
   * Stores a month's figures once: the unique (station, month) index makes a concurrent second
   * insert a duplicate, and the first one stands (both computed the same records).
   */
  async insertOnce(doc: Omit<StationMonthSnapshotDoc, '_id' | 'createdAt' | 'updatedAt' | 'recomputes'>): Promise<boolean> {
    try {
      await StationMonthSnapshotModel.create({ ...doc, recomputes: [] });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  /**
   * Replaces the figures of a snapshot that is not frozen yet (the nightly job's current month, or its
   * final pass on a month that just ended). Idempotent: two runs write the same figures.
   */
  async refreshOpen(stationCode: string, month: string, stats: StationStats, frozen: boolean, now: Date): Promise<void> {
    await StationMonthSnapshotModel.updateOne({ stationCode, month, frozen: false }, { $set: { stats, frozen, computedAt: now } });
  },

  /** An admin's recompute: new figures, with who/when/why and the replaced figures appended. */
  async recompute(
    snapshot: StationMonthSnapshotDoc,
    stats: StationStats,
    entry: SnapshotRecompute,
  ): Promise<StationMonthSnapshotDoc | null> {
    return StationMonthSnapshotModel.findOneAndUpdate(
      { _id: snapshot._id },
      { $set: { stats, computedAt: entry.at }, $push: { recomputes: entry } },
      { returnDocument: 'after' },
    )
      .lean<StationMonthSnapshotDoc>()
      .exec();
  },
};
