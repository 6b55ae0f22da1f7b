import type { Types } from 'mongoose';
import type { StationMetrics } from '../reports/service.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel, trusted } from '../shared/model.js';
import type { TaskCounts } from './task.js';

/** A record of one execution of a scheduled task. */
export interface JobRunDoc {
  _id: Types.ObjectId;
  name: string;
  trigger: 'schedule' | 'manual';
  /** The scheduled slot (schedule) or the request time (manual). */
  slot: Date;
  instance: string;
  startedAt: Date;
  endedAt?: Date;
  outcome: 'running' | 'succeeded' | 'failed';
  counts: TaskCounts;
  error?: string;
  triggeredBy?: string;
}

const JobRunModel = defineModel<JobRunDoc>(
  'JobRun',
  {
    name: { type: String, required: true },
    trigger: { type: String, required: true },
    slot: { type: Date, required: true },
    instance: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: Date,
    outcome: { type: String, required: true },
    counts: { type: Object, default: {} },
    error: String,
    triggeredBy: String,
  },
  [[{ name: 1, startedAt: -1 }], [{ startedAt: 1 }]],
);

/** A lease on one scheduled slot of one task: whoever inserts it first runs the slot. */
interface JobLeaseDoc {
  _id: string;
  instance: string;
  expiresAt: Date;
}

const JobLeaseModel = defineModel<JobLeaseDoc>(
  'JobLease',
  { _id: String, instance: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  [[{ expiresAt: 1 }]],
);

/** A night's snapshot of one county's station metrics, so trends survive later corrections. */
export interface StatsSnapshotDoc {
  _id: Types.ObjectId;
  countyCode: string;
  date: string;
  month: string;
  stations: StationMetrics[];
}

const StatsSnapshotModel = defineModel<StatsSnapshotDoc>(
  'StatsSnapshot',
  { countyCode: { type: String, required: true }, date: { type: String, required: true }, month: String, stations: [Object] },
  [[{ countyCode: 1, date: 1 }, { unique: true }]],
);

/** Runs of scheduled tasks: the scheduler records each one; the admin page shows the latest. */
export const jobRuns = {
  async start(run: Omit<JobRunDoc, '_id' | 'outcome' | 'counts' | 'endedAt' | 'error'>): Promise<JobRunDoc> {
    const created = await JobRunModel.create({ ...run, outcome: 'running', counts: {} });
    return created.toObject<JobRunDoc>();
  },

  /** Records how a run ended and returns it as stored. */
  async finish(id: Types.ObjectId, end: Pick<JobRunDoc, 'outcome'> & Partial<Pick<JobRunDoc, 'counts' | 'error'>>): Promise<JobRunDoc> {
    const updated = await JobRunModel.findByIdAndUpdate(
      id,
      { $set: { ...end, endedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean<JobRunDoc>();
    if (!updated) throw new Error(`job run ${String(id)} vanished`);
    return updated;
  },

  /** The most recent run of a task, if any. */
  latest(name: string): Promise<JobRunDoc | null> {
    return JobRunModel.findOne({ name }).sort({ startedAt: -1 }).lean<JobRunDoc>().exec();
  },

  /** Every run of a task (tests and diagnostics), oldest first. */
  ofTask(name: string, outcome?: JobRunDoc['outcome']): Promise<JobRunDoc[]> {
    return JobRunModel.find(outcome ? { name, outcome } : { name })
      .sort({ startedAt: 1 })
      .lean<JobRunDoc[]>()
      .exec();
  },
};

/** Leases that make each scheduled slot run once across instances. */
export const jobLeases = {
  /**
   * Takes the lease of a slot with one insert on a unique _id: with several instances the database
   * decides, and exactly one insert succeeds.
   */
  async tryTake(key: string, instance: string, ttlMs: number, now = new Date()): Promise<boolean> {
    try {
      await JobLeaseModel.create({ _id: key, instance, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  unscoped: {
    /** Deletes leases that expired before cutoff (no TTL indexes on FerretDB). */
    async deleteExpiredBefore(cutoff: Date): Promise<number> {
      const res = await JobLeaseModel.deleteMany({ expiresAt: trusted({ $lt: cutoff }) });
      return res.deletedCount ?? 0;
    },
  },
};

/** Nightly metric snapshots, one per county and day. */
export const statsSnapshots = {
  unscoped: {
    /** Writes (or rewrites) the snapshot of a county for a day. */
    async put(countyCode: string, date: string, month: string, stations: StationMetrics[]): Promise<void> {
      await StatsSnapshotModel.updateOne({ countyCode, date }, { $set: { month, stations } }, { upsert: true });
    },
    find(countyCode: string): Promise<StatsSnapshotDoc[]> {
      return StatsSnapshotModel.find({ countyCode }).sort({ date: 1 }).lean<StatsSnapshotDoc[]>().exec();
    },
  },
};
