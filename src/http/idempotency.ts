import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Auth } from '../auth/service.js';
import { claimKey, completeKey, findKey, releaseKey, releasePendingKey, type IdempotencyRecordDoc } from '../idempotency/repository.js';
import { logFailure } from '../shared/log-failure.js';
import { AppError, badRequest, conflict } from './errors.js';
import { bearerActor } from './request-actor.js';

/** How long a key answers with its first response. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A claim this old without an answer was left by a request that died (crash, lost connection). */
const ABANDONED_MS = 60_000;

/** Routes that take no key: signing in and out is not a create. */
const EXEMPT = /^\/api\/auth\//;

export interface IdempotencyOptions {
  /** How long a repeated request waits for the first one's answer before a 409 (ms). */
  waitMs?: number;
  /** How often it looks (ms). */
  pollMs?: number;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Sorted-key JSON, so the same body in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same": method, path with query, and the JSON body. A body express did
 * not parse (file uploads stream their bytes) is represented by its type and length.
 */
function fingerprintOf(req: Request): string {
  const body = req.body === undefined ? `${req.header('content-type') ?? ''}:${req.header('content-length') ?? ''}` : canonical(req.body);
  return createHash('sha256').update(`${req.method} ${req.originalUrl}\n${body}`).digest('hex');
}

function replay(res: Response, record: IdempotencyRecordDoc): void {
  res.setHeader('Idempotent-Replayed', 'true');
  if (record.body === null || record.body === undefined) res.status(record.status ?? 204).end();
  else res.status(record.status ?? 200).json(record.body);
}

/** Holds back the JSON a handler sends, so the answer can be stored before the request ends. */
function captureJson(res: Response): { body: () => unknown } {
  let captured: unknown = null;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    captured = body;
    return json(body);
  };
  return { body: () => captured };
}

/**
 * `Idempotency-Key` on POST requests: the first request with a key claims it (insert under a unique
 * index on requester + key, so one wins across instances) and its answer is stored; the same key and
 * body within 24 hours gets that first answer back, the same key with another body a 409. A repeat
 * that arrives while the first still runs waits briefly for its answer, else 409 "正在处理".
 * Answers a retry could change (5xx, 429) are not kept.
 */
export function idempotency(auth: Auth, opts: IdempotencyOptions = {}): RequestHandler {
  const waitMs = opts.waitMs ?? 5000;
  const pollMs = opts.pollMs ?? 50;
  return async (req, res, next) => {
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined || EXEMPT.test(req.path)) return next();
    if (!KEY.test(key)) throw badRequest('invalid_idempotency_key', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符');
    const actor = await bearerActor(auth, req);
    const scope = actor ? `u:${actor.userId}` : `a:${req.ip ?? 'unknown'}`;
    const fingerprint = fingerprintOf(req);

    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await claimKey(scope, key, fingerprint)) break;
      const record = await findKey(scope, key);
      if (!record) {
        // Released or purged just now: claim again, within the same deadline (a record the claim collides
        // with but cannot read, such as one stored under an older id, must not make this loop forever).
        if (Date.now() >= deadline)
          throw new AppError(409, 'idempotency_in_progress', '相同的请求正在处理，请稍后重试', { retryAfterSeconds: 1 });
        continue;
      }
      const age = Date.now() - new Date(record.createdAt).getTime();
      if (age > IDEMPOTENCY_TTL_MS || (record.state === 'pending' && age > ABANDONED_MS)) {
        await releaseKey(record);
        continue;
      }
      if (record.fingerprint !== fingerprint)
        throw conflict('该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键', { reason: 'idempotency_key_reused' });
      if (record.state === 'done') return replay(res, record);
      if (Date.now() >= deadline)
        throw new AppError(409, 'idempotency_in_progress', '相同的请求正在处理，请稍后重试', { retryAfterSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }

    const captured = captureJson(res);
    let settled = false;
    res.on('finish', () => {
      settled = true;
      const keep = res.statusCode < 500 && res.statusCode !== 429;
      const work = keep ? completeKey(scope, key, res.statusCode, captured.body()) : releasePendingKey(scope, key);
      void work.catch(logFailure('storing the idempotent answer', { key, status: res.statusCode }, req.log));
    });
    res.on('close', () => {
      // The client left before an answer was sent: a retry must be able to run again.
      if (!settled) void releasePendingKey(scope, key).catch(logFailure('releasing an idempotency key', { key }, req.log));
    });
    next();
  };
}
