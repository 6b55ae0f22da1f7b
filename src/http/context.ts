import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { withLogger, type Logger } from '../logger.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Correlates the log lines and the error body of one request. */
      id: string;
      /** The request's child logger, carrying its id. */
      log: Logger;
    }
  }
}

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Query parameters that carry what people search for (beneficiaries' names, phones): never logged. */
const REDACTED_PARAMS = new Set(['q', 'phone', 'name', 'headname', 'idnumber', 'contactphone', 'username', 'keyword', 'search']);

/** The URL as logged: the values of search parameters replaced, everything else kept for debugging. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const parts = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      let key: string;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/gu, ' '));
      } catch {
        key = rawKey;
      }
      return REDACTED_PARAMS.has(key.replace(/\[\]$/u, '').toLowerCase()) ? `${rawKey}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${parts.join('&')}`;
}

/** Gives each request an id (an upstream X-Request-Id is kept when sane) and a child logger, and logs its outcome. */
export function requestContext(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    req.log = log.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      req.log[level](
        { method: req.method, url: redactUrl(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    withLogger(req.log, next);
  };
}
