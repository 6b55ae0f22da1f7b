import mongoose from 'mongoose';
import type { DistinctOptions, Document, Filter } from 'mongodb';
import { attachCommandTiming } from '../http/server-timing.js';
import type { Logger } from '../logger.js';
import { logFailure } from '../shared/log-failure.js';

/** What the database server says it is, for the start-up log (never shown to anonymous callers). */
export interface ServerInfo {
  name: string;
  version: string;
}

/**
 * Time limits of database work, so a request fails in seconds instead of hanging when the database is
 * stopped, killed or wedged. Every read and aggregate carries maxTimeMS (the server gives up); every
 * command, writes included, is bounded by the socket timeout (the driver gives up); finding a server
 * or opening a connection is bounded too.
 */
export interface DatabaseTimeouts {
  /** Server-side limit of each read/count/aggregate (mongoose's global maxTimeMS). */
  maxTimeMS: number;
  /** The driver closes a connection whose reply takes longer (covers writes and a stopped server). */
  socketTimeoutMS: number;
  /** How long an operation waits for a reachable server (also mongoose's buffering while disconnected). */
  serverSelectionTimeoutMS: number;
}

export const DEFAULT_DB_TIMEOUTS: DatabaseTimeouts = { maxTimeMS: 10_000, socketTimeoutMS: 15_000, serverSelectionTimeoutMS: 5_000 };

/** Global mongoose defaults: they apply before any model is compiled. */
function applyMongooseDefaults(timeouts: DatabaseTimeouts): void {
  // Read at query time (not model compile time), so it holds for models defined at import.
  mongoose.set('maxTimeMS', timeouts.maxTimeMS);
  // While disconnected mongoose queues operations; they must not wait longer than a server selection.
  mongoose.set('bufferTimeoutMS', timeouts.serverSelectionTimeoutMS);
  // Strip $-operators from user-supplied filter objects (filter injection).
  mongoose.set('sanitizeFilter', true);
  // A misspelt filter field raises instead of silently matching every document.
  mongoose.set('strictQuery', 'throw');
  // Indexes are created explicitly by ensureIndexes() at start, never implicitly per model.
  mongoose.set('autoIndex', false);
  mongoose.set('autoCreate', false);
}

/** Connects the process-wide mongoose connection to dbName (which wins over a database in the URI) and reports the server. */
export async function connectDatabase(opts: {
  uri: string;
  dbName: string;
  log: Logger;
  timeouts?: Partial<DatabaseTimeouts>;
  /** Connections the driver may open to the server (the driver's default is 100). */
  maxPoolSize?: number;
}): Promise<ServerInfo> {
  const timeouts = { ...DEFAULT_DB_TIMEOUTS, ...opts.timeouts };
  applyMongooseDefaults(timeouts);
  await mongoose.connect(opts.uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: timeouts.serverSelectionTimeoutMS,
    connectTimeoutMS: timeouts.serverSelectionTimeoutMS,
    socketTimeoutMS: timeouts.socketTimeoutMS,
    ...(opts.maxPoolSize ? { maxPoolSize: opts.maxPoolSize } : {}),
    // Command events feed the per-request Server-Timing breakdown (src/http/server-timing.ts).
    monitorCommands: true,
  });
  attachCommandTiming(mongoose.connection.getClient());
  const info = await serverInfo();
  if (info.name === 'FerretDB') dropMaxTimeFromDistinct();
  opts.log.info({ server: info.name, version: info.version, db: mongoose.connection.name }, 'database connected');
  return info;
}

let distinctPatched = false;

/**
 * FerretDB 1.24 refuses `distinct` with a maxTimeMS ("unknown field"), which the global default would
 * add to every distinct; it accepts it on every other command we use. Distinct alone is then bounded by
 * the socket timeout only.
 */
function dropMaxTimeFromDistinct(): void {
  if (distinctPatched) return;
  distinctPatched = true;
  const proto = mongoose.mongo.Collection.prototype;
  const original = proto.distinct;
  proto.distinct = function (this: typeof proto, key: string, filter?: Filter<Document>, options?: DistinctOptions) {
    if (options?.maxTimeMS === undefined) return original.call(this, key, filter ?? {}, options ?? {});
    const rest: DistinctOptions = { ...options };
    delete rest.maxTimeMS;
    return original.call(this, key, filter ?? {}, rest);
  } as typeof original;
}

/** The database named in the URI path, if any (mongodb://host/<db>?...). */
export function databaseNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** Reads buildInfo: FerretDB reports itself via `ferretdbVersion`. */
export async function serverInfo(): Promise<ServerInfo> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const build = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  return build.ferretdbVersion
    ? { name: 'FerretDB', version: `${build.ferretdbVersion} (MongoDB ${build.version ?? '?'} API)` }
    : { name: 'MongoDB', version: build.version ?? 'unknown' };
}

/**
 * Whether the database answers a real read within timeoutMS. Not `ping`: FerretDB answers ping while
 * its data operations are wedged. The read is raced against a timer so the probe never hangs.
 */
export async function databaseAnswers(timeoutMs = 1_500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const read = db
      .collection('stations')
      .findOne({}, { projection: { _id: 1 }, maxTimeMS: timeoutMs })
      .then(() => true)
      .catch(() => false);
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const NAMESPACE_EXISTS = 48;

/**
 * Creates the declared indexes of every registered model (FerretDB-safe: no TTL, text or partial).
 * On FerretDB only the unique ones: it never uses an index to answer a query (only a filter of `_id`
 * alone is pushed down, to the _id index), so a non-unique index is pure cost there — about 30% of the
 * CPU of each insert — while a unique index is what single-winner writes rest on. MongoDB gets them all.
 */
export async function ensureIndexes(): Promise<void> {
  const onFerretdb = (await serverInfo()).name === 'FerretDB';
  // One model at a time: concurrent DDL on FerretDB's SQLite backend can stall.
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch((err: unknown) => {
      // An existing collection (NamespaceExists) is the normal case on every start but the first.
      if ((err as { code?: unknown }).code !== NAMESPACE_EXISTS)
        logFailure('creating collection', { collection: model.collection.name })(err);
    });
    if (!onFerretdb) {
      await model.createIndexes();
      continue;
    }
    for (const [fields, options] of model.schema.indexes()) {
      if (options.unique) await model.collection.createIndex(fields as Record<string, 1 | -1>, { unique: true });
    }
  }
}

/** Closes the process-wide connection. */
export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
