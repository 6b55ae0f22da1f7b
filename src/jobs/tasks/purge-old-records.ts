import { purgeEventsBefore } from '../../events/log.js';
import { IDEMPOTENCY_TTL_MS } from '../../http/idempotency.js';
import { purgeKeysBefore } from '../../idempotency/repository.js';
import { purgeClaimsBefore } from '../../shared/revision-claims.js';
import { purgeExpiredLeases } from '../runs.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Deletes live events past retention and stale job leases: FerretDB has no TTL indexes. */
export function purgeOldRecordsTask(retentionDays: number): ScheduledTaskDefinition {
  return {
    name: 'purge-old-records',
    description: '清理过期的实时事件、任务租约、修订占位与幂等键',
    schedule: '17 3 * * *',
    async run({ now }) {
      const events = await purgeEventsBefore(new Date(now.getTime() - retentionDays * 86_400_000));
      const leases = await purgeExpiredLeases(now);
      const claims = await purgeClaimsBefore(new Date(now.getTime() - 86_400_000));
      const idempotencyKeys = await purgeKeysBefore(new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
      return { events, leases, claims, idempotencyKeys };
    },
  };
}
