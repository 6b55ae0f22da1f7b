import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

/** Creates the one structured logger of the process; secrets and personal data are redacted. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'wushe' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.passwordHash',
        '*.refreshToken',
        '*.accessToken',
        '*.idNumber',
        '*.phone',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };

/**
 * The logger of the work in progress: inside a request, the request's child logger (with its id);
 * otherwise the process logger set at start. Lets code far from the request (event subscribers,
 * follow-up steps) log with the request id without threading a logger through every call.
 */
const requestLogger = new AsyncLocalStorage<Logger>();
let processLogger: Logger | undefined;

export function setProcessLogger(log: Logger): void {
  processLogger = log;
}

export function currentLogger(): Logger {
  return requestLogger.getStore() ?? (processLogger ??= createLogger());
}

/** Runs `fn` with `log` as the current logger (the request context does this for each request). */
export function withLogger<R>(log: Logger, fn: () => R): R {
  return requestLogger.run(log, fn);
}
