import type { Request, RequestHandler } from 'express';
import type { Auth } from '../auth/service.js';
import type { UsageKind } from '../auth/throttle.js';
import { bearerActor } from './request-actor.js';

/** Which per-user limit a request counts against: uploads start imports, exports build files from records. */
export function usageKindOf(req: Pick<Request, 'method' | 'path' | 'query'>): UsageKind | undefined {
  if (req.method === 'POST' && /^\/api\/imports\/?$/.test(req.path)) return 'upload';
  if (req.method !== 'GET') return undefined;
  if (/^\/api\/exports(\/|$)/.test(req.path)) return 'export';
  const xlsx = req.path.endsWith('.xlsx') || (req.query as Record<string, unknown>)?.format === 'xlsx';
  if (/^\/api\/reports\//.test(req.path) && xlsx) return 'export';
  return undefined;
}

/**
 * Per-user limits on uploads and exports (shared across instances when Redis is configured): past the
 * hourly count a 429 with Retry-After and a Chinese message. Anonymous requests pass to the guard (401).
 */
export function usageLimits(auth: Auth): RequestHandler {
  return async (req, _res, next) => {
    const kind = usageKindOf(req);
    if (!kind) return next();
    const actor = await bearerActor(auth, req);
    if (actor) await auth.throttle.use(kind, actor.userId);
    next();
  };
}
