import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { DatabaseBusyError, isBusyError } from '../db/busy.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { AppError, ValidationError } from './errors.js';

/** Shape of every error body the API returns. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    issues?: unknown[];
    location?: string;
    details?: Record<string, unknown>;
  };
}

/** Unknown routes answer in the same error model as everything else. */
export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'route_not_found', message: '请求的接口不存在', requestId: req.id } };
  res.status(404).json(body);
};

/** body-parser marks its own failures with a `type`; they are the client's fault. */
function bodyParserError(err: unknown): { status: number; code: string; message: string } | undefined {
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.parse.failed') return { status: 400, code: 'invalid_json', message: '请求体不是合法的 JSON' };
  if (type === 'entity.too.large') return { status: 413, code: 'payload_too_large', message: '请求体过大' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return { status: 415, code: 'unsupported_encoding', message: '不支持的请求编码' };
  // A body that fails to inflate (junk gzip/br) and other http-errors the parser marks as the client's.
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500)
    return { status, code: 'invalid_body', message: '请求体无法读取（编码或格式不正确）' };
  return undefined;
}

/** The one error model: validation 400 with issues, 404, 409, and 500 with a request id and no stack. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = req.id;
  let status = 500;
  let body: ErrorBody['error'] = { code: 'internal_error', message: '服务器内部错误，请稍后重试', requestId };

  // SQLITE_BUSY that outlasted (or skipped) the retries: the client may try again shortly, never a 500.
  if (!(err instanceof DatabaseBusyError) && isBusyError(err)) err = new DatabaseBusyError(err);
  if (err instanceof DatabaseBusyError && !res.headersSent) res.setHeader('Retry-After', String(err.retryAfterSeconds));

  if (err instanceof ValidationError) {
    status = 400;
    body = { code: err.code, message: err.message, requestId, location: err.location, issues: err.issues };
  } else if (err instanceof AppError) {
    status = err.status;
    body = { code: err.code, message: err.message, requestId, ...(err.details ? { details: err.details } : {}) };
  } else if (bodyParserError(err)) {
    const known = bodyParserError(err)!;
    status = known.status;
    body = { code: known.code, message: known.message, requestId };
  } else if (err instanceof mongoose.Error.CastError) {
    status = 400;
    body = { code: 'invalid_id', message: `字段 ${err.path} 的值格式不正确`, requestId };
  } else if (isDuplicateKey(err)) {
    status = 409;
    body = { code: 'duplicate', message: '记录已存在', requestId };
  } else if (isDatabaseUnavailable(err)) {
    // Stopped, restarting or wedged database: the client may retry shortly; not a bug of the service.
    status = 503;
    body = { code: 'database_unavailable', message: '数据库暂时不可用，请稍后重试', requestId };
    if (!res.headersSent) res.setHeader('Retry-After', '5');
  }

  if (body.code === 'database_unavailable') req.log?.warn({ err }, 'database unavailable');
  else if (status >= 500) req.log?.error({ err }, 'unhandled error');
  else req.log?.debug({ code: body.code }, 'request rejected');
  if (res.headersSent) return;
  const retryAfter = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
  res.status(status).json({ error: body } satisfies ErrorBody);
};
