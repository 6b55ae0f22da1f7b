import type { Logger } from '../logger.js';
import { INSTANCE_ID } from '../events/log.js';
import { logFailure } from '../shared/log-failure.js';
import { presence } from './repository.js';

/** How often an instance says it is alive, and after how long without a word it counts as gone. */
const HEARTBEAT_MS = 2_000;
const GONE_AFTER_MS = 10_000;

/**
 * This instance's presence among the instances sharing the database, for the no-Redis fallback: an
 * instance alone (the embedded `npm start`) need not tail the event log for other instances' events —
 * a tail is a query FerretDB answers by reading the whole log, twice a second. Each instance keeps a
 * row (by _id: the index) fresh; the rows of the others say whether anyone else writes events.
 */
export interface Peers {
  /** When the earliest other live instance appeared (its events are no older), or null when alone. */
  othersSince(): Promise<Date | null>;
  stop(): Promise<void>;
}

/**
 * Starts this instance's heartbeat. `startedAt` is taken now, before the instance serves anything: a
 * peer that finds this row reads our events from then on, so none written before the first beat lands
 * is missed.
 */
export function announcePresence(log: Logger): Peers {
  const startedAt = new Date();
  const beat = () => presence.beat(INSTANCE_ID, startedAt, new Date());
  void beat().catch(logFailure('instance heartbeat', {}, log));
  // Rows of instances that crashed long ago go (the table stays a handful of rows).
  void presence.forgetBefore(new Date(Date.now() - 3_600_000)).catch(logFailure('forgetting old instances', {}, log));
  const timer = setInterval(() => void beat().catch(logFailure('instance heartbeat', {}, log)), HEARTBEAT_MS);
  timer.unref();
  return {
    async othersSince() {
      const alive = await presence.aliveSince(new Date(Date.now() - GONE_AFTER_MS));
      const others = alive.filter((p) => p._id !== INSTANCE_ID);
      if (others.length === 0) return null;
      return new Date(Math.min(...others.map((p) => new Date(p.startedAt).getTime())));
    },
    async stop() {
      clearInterval(timer);
      await presence.leave(INSTANCE_ID);
    },
  };
}
