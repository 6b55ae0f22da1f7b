import mongoose from 'mongoose';
import type { Logger } from '../logger.js';

/** What the database server says it is, for the start-up log and /readyz. */
export interface ServerInfo {
  name: string;
  version: string;
}

/** Global mongoose defaults: they apply before any model is compiled. */
function applyMongooseDefaults(): void {
  // Strip $-operators from user-supplied filter objects (filter injection).
  mongoose.set('sanitizeFilter', true);
  // A misspelt filter field raises instead of silently matching every document.
  mongoose.set('strictQuery', 'throw');
  // Indexes are created explicitly by ensureIndexes() at start, never implicitly per model.
  mongoose.set('autoIndex', false);
  mongoose.set('autoCreate', false);
}

/** Connects the process-wide mongoose connection to dbName (which wins over a database in the URI) and reports the server. */
export async function connectDatabase(opts: { uri: string; dbName: string; log: Logger }): Promise<ServerInfo> {
  applyMongooseDefaults();
  await mongoose.connect(opts.uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: 5_000,
  });
  const info = await serverInfo();
  opts.log.info({ server: info.name, version: info.version, db: mongoose.connection.name }, 'database connected');
  return info;
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

/** Pings the database, failing after timeoutMs so a readiness probe never hangs. */
export async function pingDatabase(timeoutMs = 1_500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ping = db
      .admin()
      .command({ ping: 1 }, { timeoutMS: timeoutMs })
      .then(() => true)
      .catch(() => false);
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the declared indexes of every registered model (FerretDB-safe: no TTL, text or partial). */
export async function ensureIndexes(): Promise<void> {
  // One model at a time: concurrent DDL on FerretDB's SQLite backend can stall.
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}

/** Closes the process-wide connection. */
export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
