import type { Types } from 'mongoose';
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

export const JobRunModel = defineModel<JobRunDoc>(
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

export const JobLeaseModel = defineModel<JobLeaseDoc>(
  'JobLease',
  { _id: String, instance: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  [[{ expiresAt: 1 }]],
);

/**
 * Takes the lease of a slot with one insert on a unique _id: with several instances the database
 * decides, and exactly one insert succeeds.
 */
export async function tryLease(key: string, instance: string, ttlMs: number, now = new Date()): Promise<boolean> {
  try {
    await JobLeaseModel.create({ _id: key, instance, expiresAt: new Date(now.getTime() + ttlMs) });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** Scheduled deletion of expired leases (no TTL indexes on FerretDB). */
export async function purgeExpiredLeases(now: Date): Promise<number> {
  // Keep leases a day past expiry: the unique key must outlive any clock skew between instances.
  const res = await JobLeaseModel.deleteMany({ expiresAt: trusted({ $lt: new Date(now.getTime() - 86_400_000) }) });
  return res.deletedCount ?? 0;
}
