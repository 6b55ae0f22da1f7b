import type { z } from 'zod';

/** An error a request handler raises on purpose: HTTP status, stable machine code, message for people (Chinese). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400 carrying every zod issue, so a client can point at each bad field. */
export class ValidationError extends AppError {
  constructor(
    readonly issues: z.core.$ZodIssue[],
    readonly location: 'body' | 'query' | 'params' | 'file',
  ) {
    super(400, 'validation_failed', '提交的数据不符合要求，请检查标出的字段');
  }
}

/** 404: also what a user gets for another station's records, so their existence does not leak. */
export const notFound = (what = '记录') => new AppError(404, 'not_found', `${what}不存在或无权查看`);
/** 409: the write conflicts with the current state (lifecycle, capacity, duplicates). */
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError(409, 'conflict', message, details);
/** 401: no valid credentials. */
export const unauthorized = (message = '请先登录') => new AppError(401, 'unauthorized', message);
/** 403: authenticated, but the role may not do this. */
export const forbidden = (message = '当前角色无权执行此操作') => new AppError(403, 'forbidden', message);
/** 400 for problems that are not schema issues. */
export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new AppError(400, code, message, details);
