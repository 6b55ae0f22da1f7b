import { currentLogger, type Logger } from '../logger.js';

/**
 * For follow-up work whose failure must not fail the caller (the write it follows already happened),
 * but must never pass silently either: `promise.catch(logFailure('releasing capacity', { needId }))`.
 * The failure is logged at `warn` with the context and the error (on the current request's logger, so
 * with its request id); the promise resolves to undefined.
 */
export function logFailure(what: string, context: Record<string, unknown> = {}, log: Logger = currentLogger()) {
  return (err: unknown): undefined => {
    log.warn({ ...context, err }, `${what} failed`);
    return undefined;
  };
}
