import { jobLeases } from './repository.js';

export type { JobRunDoc } from './repository.js';

/** Takes the lease of a scheduled slot (see jobLeases.tryTake). */
export function tryLease(key: string, instance: string, ttlMs: number, now = new Date()): Promise<boolean> {
  return jobLeases.tryTake(key, instance, ttlMs, now);
}

/** Scheduled deletion of expired leases (no TTL indexes on FerretDB). */
export function purgeExpiredLeases(now: Date): Promise<number> {
  // Keep leases a day past expiry: the unique key must outlive any clock skew between instances.
  return jobLeases.unscoped.deleteExpiredBefore(new Date(now.getTime() - 86_400_000));
}
