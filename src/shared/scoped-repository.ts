import { Types, type Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { badRequest, notFound } from '../http/errors.js';
import { isObjectId, trusted } from './model.js';

/** Fields every station-owned record carries, so scope is a plain equality filter. */
export interface StationOwned {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
}

/** A filter that cannot name the scope fields: the scope comes only from the StationScope argument. */
export type ScopedFilter<T> = Omit<QueryFilter<T>, 'countyCode' | 'stationCode'>;

/**
 * Told of every write made through a repository (a county mirror, src/shared/county-mirror.ts), before
 * the write's caller goes on: so what this process wrote is what it reads next.
 */
export interface WriteObserver<T> {
  /** A record as the write returned it. */
  put(doc: T): void;
  /** Records deleted by id. */
  removed(ids: readonly string[]): void;
  /** Records written by a filter (which ones is not known here): reload before the next read. */
  invalidateAll(): void;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Cursor {
  v: unknown;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || !isObjectId(c.id)) throw new Error('bad id');
    return c;
  } catch {
    throw badRequest('invalid_cursor', '分页游标无效');
  }
}

/** Whether a record lies within a scope (its county, and its station for a station scope). */
export function withinScope(doc: Pick<StationOwned, 'countyCode' | 'stationCode'>, scope: StationScope): boolean {
  return doc.countyCode === scope.countyCode && (scope.kind === 'county' || doc.stationCode === scope.stationCode);
}

/** One value as a query compares it: a missing field is null; ids and dates by their string/time. */
function sameValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null) return x === y;
  if (x instanceof Date || y instanceof Date) return x instanceof Date && y instanceof Date && x.getTime() === y.getTime();
  return typeof x === 'object' || typeof y === 'object' ? String(x) === String(y) : x === y;
}

/**
 * Whether a record satisfies a `when` condition of `update`, as a query would: per field, equality
 * (null also matches a missing field), `$ne`, `$in` or `$nin`. Other operators are a programming error.
 */
export function satisfies(doc: object, when: object): boolean {
  return Object.entries(when).every(([field, cond]) => {
    const value = (doc as Record<string, unknown>)[field];
    const isOperator =
      cond !== null && typeof cond === 'object' && !(cond instanceof Date) && Object.keys(cond).some((k) => k.startsWith('$'));
    if (!isOperator) return sameValue(value, cond);
    return Object.entries(cond as Record<string, unknown>).every(([op, arg]) => {
      switch (op) {
        case '$ne':
          return !sameValue(value, arg);
        case '$in':
          return (arg as unknown[]).some((c) => sameValue(value, c));
        case '$nin':
          return !(arg as unknown[]).some((c) => sameValue(value, c));
        default:
          throw new Error(`update condition on ${field}: ${op} is not supported (equality, $ne, $in, $nin)`);
      }
    });
  });
}

/** A sort field's value as a number (numbers and dates; anything else sorts as 0). */
function sortValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))) return Number(v);
  return 0;
}

/** How a list is ordered and which part of it is wanted (a cursor from an earlier page, or an offset). */
export interface PageOptions {
  /** A numeric (or date) field, or `_id`; ties are broken by `_id`. */
  sortField?: string;
  direction?: 1 | -1;
  limit: number;
  cursor?: string;
  offset?: number;
}

/**
 * One page of records held in memory, with the total: sorted by `sortField` (numbers and dates; ties
 * by _id), continuing after `cursor` or from `offset`. The same order and cursors as `page`, so a
 * list read from a county mirror pages exactly as one read from the database.
 */
export function keysetPage<R extends { _id: unknown }>(
  rows: readonly R[],
  opts: PageOptions,
): { slice: R[]; nextCursor: string | null; total: number } {
  const field = opts.sortField ?? '_id';
  const dir = opts.direction ?? -1;
  const keys = rows.map((r) => ({
    r,
    id: String(r._id),
    v: field === '_id' ? undefined : sortValue((r as Record<string, unknown>)[field]),
  }));
  const compare = (a: { id: string; v?: number }, b: { id: string; v?: number }) =>
    dir * ((a.v ?? 0) - (b.v ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  keys.sort(compare);
  let start = opts.offset ?? 0;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    const after = { id: c.id, v: field === '_id' ? undefined : sortValue(c.v) };
    start = keys.findIndex((k) => compare(k, after) > 0);
    if (start < 0) start = keys.length;
  }
  const slice = keys.slice(start, start + opts.limit);
  const last = slice[slice.length - 1];
  const more = opts.offset === undefined && last !== undefined && start + opts.limit < keys.length;
  return { slice: slice.map((k) => k.r), nextCursor: more ? encodeCursor({ v: last.v, id: last.id }) : null, total: keys.length };
}

/**
 * Mongoose access to station-owned records. Every method takes the caller's StationScope first, so
 * "every query is scoped" holds by construction: a record of another station is simply not found (404).
 *
 * One record is read and written by its `_id` alone, with the scope checked on what was read: FerretDB
 * 1.x (SQLite) answers a filter of exactly `{_id}` from the _id index and any other filter — even
 * `{_id, countyCode}` — by decoding every record of the collection (0.7 ms against 350 ms on 5,000
 * needs: bench/database.ts).
 */
export class ScopedRepository<T extends StationOwned> {
  /**
   * Access without a station scope, for background jobs and bootstrap only (never for a person's
   * request). Named so that every unscoped read or write is one grep away: `\.unscoped\.`.
   */
  readonly unscoped: UnscopedAccess<T>;

  constructor(
    private readonly model: Model<T>,
    /** Chinese name of the record, for 404 messages. */
    private readonly label: string,
    /** Told of each write (the collection's county mirror), when there is one. */
    protected readonly observer?: WriteObserver<T>,
  ) {
    this.unscoped = new UnscopedAccess(model, observer);
  }

  private scoped(scope: StationScope, filter: ScopedFilter<T> = {} as ScopedFilter<T>): QueryFilter<T> {
    return { ...filter, ...scopeFilter(scope) } as QueryFilter<T>;
  }

  /** One record by id within scope, or 404. */
  async get(scope: StationScope, id: string): Promise<T> {
    const doc = await this.tryGet(scope, id);
    if (!doc) throw notFound(this.label);
    return doc;
  }

  /** One record by id within scope, or null (also for a malformed id). */
  async tryGet(scope: StationScope, id: string): Promise<T | null> {
    const doc = isObjectId(id) ? await this.model.findById(id).lean<T>() : null;
    return doc && withinScope(doc, scope) ? doc : null;
  }

  /**
   * Several records by id within scope, in the order of `ids`; ids not found (or out of scope) are left
   * out. One `_id` lookup each, in parallel: cheaper on FerretDB than one `$in` query, which scans.
   */
  async getMany(scope: StationScope, ids: readonly string[]): Promise<T[]> {
    const docs = await Promise.all([...new Set(ids)].map((id) => this.tryGet(scope, id)));
    return docs.filter((d): d is Awaited<T> => d !== null) as T[];
  }

  async findOne(scope: StationScope, filter: ScopedFilter<T>): Promise<T | null> {
    // A filter of one id alone is a lookup by _id (the index), scope checked on the record.
    const keys = Object.keys(filter);
    const id = (filter as { _id?: unknown })._id;
    if (keys.length === 1 && (typeof id === 'string' || id instanceof Types.ObjectId)) return this.tryGet(scope, String(id));
    return this.model.findOne(this.scoped(scope, filter)).lean<T>();
  }

  async count(scope: StationScope, filter: ScopedFilter<T> = {} as ScopedFilter<T>): Promise<number> {
    return this.model.countDocuments(this.scoped(scope, filter));
  }

  /** Records within scope, unpaginated (for bounded sets). */
  async findAll(scope: StationScope, filter: ScopedFilter<T> = {} as ScopedFilter<T>, limit = 5000): Promise<T[]> {
    return this.model.find(this.scoped(scope, filter)).sort({ _id: 1 }).limit(limit).lean<T[]>();
  }

  /**
   * A page sorted by `sortField` (ties broken by _id), continuing after `cursor`.
   * Keyset pagination: stable under concurrent inserts, no skip cost.
   */
  async page(
    scope: StationScope,
    filter: ScopedFilter<T>,
    opts: { sortField?: string; direction?: 1 | -1; limit: number; cursor?: string },
  ): Promise<Page<T>> {
    const field = opts.sortField ?? '_id';
    const dir = opts.direction ?? -1;
    const cmp = dir === 1 ? '$gt' : '$lt';
    let query: QueryFilter<T> = this.scoped(scope, filter);
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      const after =
        field === '_id'
          ? { _id: trusted({ [cmp]: c.id }) }
          : trusted({ $or: [{ [field]: trusted({ [cmp]: c.v }) }, { [field]: c.v, _id: trusted({ [cmp]: c.id }) }] });
      query = { $and: [query, after] } as unknown as QueryFilter<T>;
      query = trusted(query as object) as QueryFilter<T>;
    }
    const sort: Record<string, 1 | -1> = field === '_id' ? { _id: dir } : { [field]: dir, _id: dir };
    const rows = await this.model
      .find(query)
      .sort(sort)
      .limit(opts.limit + 1)
      .lean<T[]>();
    const items = rows.slice(0, opts.limit);
    const last = items[items.length - 1] as (T & Record<string, unknown>) | undefined;
    const nextCursor =
      rows.length > opts.limit && last ? encodeCursor({ v: field === '_id' ? undefined : last[field], id: String(last._id) }) : null;
    return { items, nextCursor };
  }

  /** Creates a record in one station; the scope must be that station's (or the county containing it). */
  async create(
    scope: StationScope,
    stationCode: string,
    doc: Omit<T, '_id' | 'countyCode' | 'stationCode' | 'createdAt' | 'updatedAt'>,
  ): Promise<T> {
    if (scope.kind === 'station' ? scope.stationCode !== stationCode : !stationCode.startsWith(scope.countyCode)) {
      throw notFound('社工站');
    }
    const created = new this.model({ ...doc, countyCode: scope.countyCode, stationCode });
    await created.save();
    const out = created.toObject<T>();
    this.observer?.put(out);
    return out;
  }

  /**
   * Writes the next revision of a record the caller read within scope and whose revision claim it won
   * (shared/revision-claims.ts): the claim makes it the only writer, so the write goes by _id alone,
   * without reading the record again. Null when the record is gone.
   */
  async writeClaimed(current: T, update: UpdateQuery<T>): Promise<T | null> {
    const written = await this.model
      .findByIdAndUpdate(current._id, update, { returnDocument: 'after', runValidators: true })
      .lean<T>()
      .exec();
    this.observe(String(current._id), written);
    return written;
  }

  /** Tells the observer of a record written by id (null: it is gone). */
  protected observe(id: string, written: T | null): void {
    if (written) this.observer?.put(written);
    else this.observer?.removed([id]);
  }

  /**
   * A conditional update within scope: applies only when `when` (equality or `$in` per field) holds for
   * the record as read. Returns the updated record, or null when the record exists in scope but the
   * condition failed; 404 when it is not in scope. Read, check and write are separate steps (as FerretDB
   * 1.x performs any conditional update anyway): a state machine that needs a single winner claims a
   * revision first (shared/revision-claims.ts), which makes the condition a second line of defence.
   */
  async update(scope: StationScope, id: string, update: UpdateQuery<T>, when: ScopedFilter<T> = {} as ScopedFilter<T>): Promise<T | null> {
    const current = await this.get(scope, id);
    if (!satisfies(current, when)) return null;
    const written = await this.model.findByIdAndUpdate(id, update, { returnDocument: 'after', runValidators: true }).lean<T>();
    this.observe(id, written);
    return written;
  }
}

/**
 * The records of one volunteer, organisation or charity: the subject an account speaks for
 * (`Actor.subjectId`). Reads by a subject always carry both the county and the subject id.
 */
export interface SubjectScope {
  readonly kind: 'volunteer' | 'organisation' | 'charity';
  readonly countyCode: string;
  readonly subjectId: string;
}

/**
 * Unscoped operations of a collection, for jobs, bootstrap and cross-station maintenance. Each
 * method is a thin, typed pass-through; the point is the name at the call site.
 */
export class UnscopedAccess<T> {
  constructor(
    private readonly model: Model<T>,
    /** Told of each write: the record by id as written, or, for a write by filter, "reload". */
    private readonly observer?: WriteObserver<T>,
  ) {}

  /**
   * One record by `_id` alone (the index), handed to the mirror as written: a job writing record by
   * record keeps the mirror current instead of making every county's next read wait for a reload.
   * Resolves to 1 when the record was there, 0 when not (to add up as updateMany's count does).
   */
  async updateById(id: unknown, update: UpdateQuery<T>): Promise<number> {
    const written = await this.model.findByIdAndUpdate(id, update, { returnDocument: 'after' }).lean<T>().exec();
    if (written) this.observer?.put(written);
    else this.observer?.removed([String(id)]);
    return written ? 1 : 0;
  }

  find(filter: QueryFilter<T>, opts: { sort?: Record<string, 1 | -1>; limit?: number } = {}): Promise<T[]> {
    let q = this.model.find(filter);
    if (opts.sort) q = q.sort(opts.sort);
    if (opts.limit) q = q.limit(opts.limit);
    return q.lean<T[]>().exec();
  }

  findOne(filter: QueryFilter<T>): Promise<T | null> {
    return this.model.findOne(filter).lean<T>().exec();
  }

  count(filter: QueryFilter<T>): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }

  async updateMany(filter: QueryFilter<T>, update: UpdateQuery<T>): Promise<number> {
    const res = await this.model.updateMany(filter, update).exec();
    if (res.modifiedCount) this.observer?.invalidateAll();
    return res.modifiedCount;
  }

  async deleteMany(filter: QueryFilter<T>): Promise<number> {
    const res = await this.model.deleteMany(filter).exec();
    if (res.deletedCount) this.observer?.invalidateAll();
    return res.deletedCount;
  }
}
