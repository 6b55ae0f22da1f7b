import type { Model, QueryFilter } from 'mongoose';
import { badRequest } from '../http/errors.js';
import type { Page } from '../shared/scoped-repository.js';
import { isObjectId, trusted } from '../shared/model.js';

/**
 * Keyset page, newest first, for records that are not station-owned (resources of a county).
 * The cursor is the last _id seen; stable under concurrent inserts.
 */
export async function pageById<T extends { _id: unknown }>(
  model: Model<T>,
  filter: QueryFilter<T>,
  opts: { limit: number; cursor?: string },
): Promise<Page<T>> {
  let query = filter;
  if (opts.cursor) {
    const after = Buffer.from(opts.cursor, 'base64url').toString('utf8');
    if (!isObjectId(after)) throw badRequest('invalid_cursor', '分页游标无效');
    query = { $and: [filter, { _id: trusted({ $lt: after }) }] } as QueryFilter<T>;
  }
  const rows = await model
    .find(query)
    .sort({ _id: -1 })
    .limit(opts.limit + 1)
    .lean<T[]>();
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > opts.limit && last ? Buffer.from(String(last._id)).toString('base64url') : null;
  return { items, nextCursor };
}
