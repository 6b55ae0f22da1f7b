import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './errors.js';

/** Content encodings the JSON parser inflates; anything else is refused before parsing. */
const ACCEPTED_ENCODINGS = new Set(['identity', 'gzip', 'deflate', 'br']);

/**
 * Refuses a request body in an encoding we do not inflate (415), before any parser reads it.
 * Junk inside an accepted encoding is the parser's 400 (see the error handler).
 */
export function contentEncodingGuard(req: Request, res: Response, next: NextFunction): void {
  const header = req.header('content-encoding');
  if (!header) return next();
  const encodings = header.split(',').map((e) => e.trim().toLowerCase());
  if (encodings.length !== 1 || !ACCEPTED_ENCODINGS.has(encodings[0]!)) {
    res.status(415).json({ error: { code: 'unsupported_encoding', message: '不支持的请求编码', requestId: req.id } });
    return;
  }
  next();
}

/** Whether a value (string, or strings nested in arrays and objects, keys included) holds a NUL character. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
}

/**
 * No text a person types contains a NUL character, and the database and regular expressions choke
 * on it: one central 400 for the path, the query and the JSON body, instead of a 500 somewhere deep.
 */
export function rejectNulBytes(req: Request, _res: Response, next: NextFunction): void {
  if (/%00/iu.test(req.originalUrl) || holdsNul(req.query) || holdsNul(req.body)) {
    throw badRequest('invalid_characters', '请求中含有不允许的字符（空字符 \\0），请删除后重试');
  }
  next();
}
