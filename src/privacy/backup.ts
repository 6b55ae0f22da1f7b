import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import mongoose from 'mongoose';

/**
 * Backups of the whole database as one gzip file of EJSON lines (canonical mode, so ObjectIds, dates
 * and numbers come back with their types):
 *
 *   {"kind":"header","format":"wushe-backup/1",...}
 *   {"kind":"collection","name":"needs","indexes":[...]}      one per collection
 *   {"c":"needs","d":{...}}                                    one per document
 *   {"kind":"footer","counts":{...},"sha256":"..."}            digest of every document line
 *
 * "Consistent" here: FerretDB has no snapshots or transactions, so a dump is a collection-by-collection
 * read. It is consistent when nothing writes meanwhile: take it from a quiesced instance (the service
 * stopped, or JOBS_ENABLED=false and no traffic). The dump counts every collection before and after
 * reading and refuses (BackupChangedError) when a count moved, rather than writing a torn file.
 * On MongoDB replica sets, `mongodump --oplog` gives a point-in-time dump instead.
 *
 * A backup holds every person's data, password hashes included: keep it encrypted and access-controlled.
 */

const { EJSON } = mongoose.mongo.BSON;
type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
export const BACKUP_FORMAT = 'wushe-backup/1';

/** The database changed while it was being dumped. */
export class BackupChangedError extends Error {}
/** The file is damaged, of another format, or the target database is not empty. */
export class RestoreError extends Error {}

/** The connected database by default; tests and tools may pass another of the same client. */
function database(given?: Db): Db {
  if (given) return given;
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return db;
}

/** User collections, sorted (system collections are the server's own). */
async function collectionNames(db: Db): Promise<string[]> {
  const all = await db.listCollections({}, { nameOnly: true }).toArray();
  return all
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
}

async function countsOf(db: Db, names: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments();
  return counts;
}

const docLine = (collection: string, doc: Document) => JSON.stringify({ c: collection, d: EJSON.serialize(doc, { relaxed: false }) });

export interface BackupSummary {
  counts: Record<string, number>;
  sha256: string;
  bytes: number;
}

/** Writes a backup of the connected database to `file`. */
export async function backupDatabase(file: string, opts: { allowChanges?: boolean; db?: Db } = {}): Promise<BackupSummary> {
  const db = database(opts.db);
  const names = await collectionNames(db);
  const before = await countsOf(db, names);
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const piped = gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  await write(JSON.stringify({ kind: 'header', format: BACKUP_FORMAT, createdAt: new Date().toISOString(), database: db.databaseName }));
  for (const name of names) {
    const indexes = (await db.collection(name).indexes()).filter((i) => i.name !== '_id_');
    await write(
      JSON.stringify({ kind: 'collection', name, indexes: indexes.map((i) => ({ key: i.key, unique: i.unique === true, name: i.name })) }),
    );
    counts[name] = 0;
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      const line = docLine(name, doc);
      hash.update(`${line}\n`);
      await write(line);
      counts[name]++;
    }
  }
  const sha256 = hash.digest('hex');
  await write(JSON.stringify({ kind: 'footer', counts, sha256 }));
  gzip.end();
  await once(piped, 'finish');
  const after = await countsOf(db, names);
  const moved = names.filter((n) => before[n] !== after[n] || before[n] !== counts[n]);
  if (moved.length && !opts.allowChanges) {
    throw new BackupChangedError(
      `collections changed during the backup: ${moved.join(', ')}; stop the service (or its writers) and run it again`,
    );
  }
  return { counts, sha256, bytes: out.bytesWritten };
}

type Line =
  | { kind: 'header'; format: string }
  | { kind: 'collection'; name: string; indexes: Array<{ key: Record<string, 1 | -1>; unique: boolean; name: string }> }
  | { kind: 'footer'; counts: Record<string, number>; sha256: string }
  | { c: string; d: unknown };

async function* linesOf(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line.length) yield line;
}

/** Reads a backup through once to check its format, counts and digest, before anything is written. */
export async function verifyBackup(file: string): Promise<{ counts: Record<string, number>; sha256: string }> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  let header = false;
  let footer: Extract<Line, { kind: 'footer' }> | undefined;
  try {
    for await (const raw of linesOf(file)) {
      if (footer) throw new RestoreError('data after the footer');
      const line = JSON.parse(raw) as Line;
      if ('c' in line) {
        hash.update(`${raw}\n`);
        counts[line.c] = (counts[line.c] ?? 0) + 1;
      } else if (line.kind === 'header') {
        if (line.format !== BACKUP_FORMAT) throw new RestoreError(`unknown backup format ${line.format}`);
        header = true;
      } else if (line.kind === 'collection') {
        counts[line.name] ??= 0;
      } else if (line.kind === 'footer') {
        footer = line;
      }
    }
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`unreadable backup: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!header || !footer) throw new RestoreError('not a complete backup (header or footer missing)');
  const sha256 = hash.digest('hex');
  if (sha256 !== footer.sha256) throw new RestoreError('checksum mismatch: the file is damaged');
  for (const [name, n] of Object.entries(footer.counts)) {
    if ((counts[name] ?? 0) !== n) throw new RestoreError(`count mismatch in ${name}`);
  }
  return { counts, sha256 };
}

/** Loads a backup into the connected database, which must hold no documents. */
export async function restoreDatabase(file: string, target?: Db): Promise<{ counts: Record<string, number>; sha256: string }> {
  const verified = await verifyBackup(file);
  const db = database(target);
  const existing = await countsOf(db, await collectionNames(db));
  const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0);
  if (nonEmpty.length) {
    throw new RestoreError(
      `the target database is not empty (${nonEmpty.map(([c, n]) => `${c}: ${n}`).join(', ')}); restore needs an empty one`,
    );
  }
  let batch: Document[] = [];
  let current = '';
  const flush = async () => {
    if (batch.length) await db.collection(current).insertMany(batch, { ordered: true });
    batch = [];
  };
  for await (const raw of linesOf(file)) {
    const line = JSON.parse(raw) as Line;
    if ('c' in line) {
      if (line.c !== current) {
        await flush();
        current = line.c;
      }
      batch.push(EJSON.deserialize(line.d as Document, { relaxed: false }) as Document);
      if (batch.length >= 500) await flush();
    } else if (line.kind === 'collection') {
      await flush();
      current = line.name;
      await db.createCollection(line.name).catch((err: unknown) => {
        // An empty collection that already exists (created by a start-up's index pass) is fine.
        if (!/already exists/i.test(err instanceof Error ? err.message : String(err))) throw err;
      });
      for (const index of line.indexes) await db.collection(line.name).createIndex(index.key, { unique: index.unique, name: index.name });
    }
  }
  await flush();
  return verified;
}

/** Counts and a digest of the connected database's content (documents sorted by _id), to compare two databases. */
export async function databaseDigest(target?: Db): Promise<{ counts: Record<string, number>; sha256: string }> {
  const db = database(target);
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const name of await collectionNames(db)) {
    counts[name] = 0;
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      hash.update(`${docLine(name, doc)}\n`);
      counts[name]++;
    }
  }
  return { counts, sha256: hash.digest('hex') };
}
