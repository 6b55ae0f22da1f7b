/** Driver and mongoose error names that mean "the database cannot be reached or did not answer in time". */
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** MongoDB's MaxTimeMSExpired: the server stopped an operation at its time limit. */
const MAX_TIME_MS_EXPIRED = 50;

/**
 * Whether an error means the database is unavailable (stopped, restarting, wedged) rather than that the
 * request was wrong: such a request is answered 503 with Retry-After, never 500 and never a hang.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code, message } = err as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (code === MAX_TIME_MS_EXPIRED) return true;
  // mongoose queues operations while disconnected and fails them with a plain MongooseError.
  return name === 'MongooseError' && typeof message === 'string' && /buffering timed out/.test(message);
}
