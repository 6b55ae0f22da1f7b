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
