import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../http/errors.js';

/**
 * FerretDB on SQLite answers concurrent writers with SQLITE_BUSY ("database is locked") once its own
 * busy timeout runs out. The condition is transient: the same write succeeds a moment later, so it is
 * retried a few times, then answered 503 with Retry-After instead of a 500.
 */
const BUSY_PATTERN = /SQLITE_BUSY|SQLITE_LOCKED|database (table )?is locked/i;

/** Whether an error (or one it wraps) is the database refusing a write because another one holds the lock. */
export function isBusyError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseBusyError) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && BUSY_PATTERN.test(message)) return true;
    const errmsg = (e as { errmsg?: unknown }).errmsg;
    if (typeof errmsg === 'string' && BUSY_PATTERN.test(errmsg)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is told to wait after the retries were used up. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** 503: the database stayed busy through every retry. The error handler adds `Retry-After`. */
export class DatabaseBusyError extends AppError {
  readonly retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;
  constructor(cause?: unknown) {
    super(503, 'database_busy', '系统繁忙，请稍后重试');
    this.name = 'DatabaseBusyError';
    if (cause !== undefined) this.cause = cause;
  }
}

export interface BusyRetryOptions {
  /** Tries in all (first try included). */
  attempts?: number;
  /** Base delay of the exponential backoff, in ms; each wait is a random "full jitter" share of it. */
  baseMs?: number;
  /** Longest single wait, in ms. */
  maxMs?: number;
}

/**
 * Runs `fn`, retrying it while the database is busy: bounded attempts with jittered exponential
 * backoff, so racing writers spread out rather than collide again. Any other error passes through at
 * once; a busy error that outlasts the attempts becomes a DatabaseBusyError (503). `fn` must be safe to
 * repeat: a busy error means its write did not happen.
 */
export async function withBusyRetry<T>(fn: () => Promise<T>, opts: BusyRetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 4;
  const baseMs = opts.baseMs ?? 50;
  const maxMs = opts.maxMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      if (attempt >= attempts) throw err instanceof DatabaseBusyError ? err : new DatabaseBusyError(err);
      const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      await sleep(Math.round(Math.random() * ceiling));
    }
  }
}
