/**
 * Write-path benchmark (`npm run bench -- --only db`): what one insertOne and one updateOne cost on the
 * local FerretDB, per storage layout, in the same run: SQLite as shipped (WAL, synchronous FULL),
 * SQLite with synchronous(normal), SQLite with immediate transactions, and PostgreSQL. Sequential round
 * trips give the latency; 50 writers at once give the throughput and the error count (SQLite's single
 * writer lock). Each layout gets a fresh FerretDB in a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { ensureFerretdbBinary, startFerretdb, type FerretdbBackend, type LocalServer } from '../src/db/ferretdb.js';
import { findPostgresBinDir, startPostgres, tempClusterDir, type LocalPostgres } from '../src/db/postgres.js';
import { createLogger } from '../src/logger.js';

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
export const round = (x: number) => Math.round(x * 100) / 100;

/** A FerretDB (and PostgreSQL, when that is the layout) started for one bench, with its teardown. */
export interface BenchServer {
  uri: string;
  label: string;
  ferretdb: LocalServer;
  stop(): Promise<void>;
}

/** Starts FerretDB on the named layout in a temp dir (PostgreSQL: a private cluster too). */
export async function startBenchServer(layout: string, sqlitePragmas: string[] = []): Promise<BenchServer> {
  const log = createLogger('warn');
  const bin = ensureFerretdbBinary(process.env.FERRETDB_BIN, log);
  if (!bin) throw new Error('bench: no FerretDB binary (npm run ferretdb:build)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-bench-db-'));
  let postgres: LocalPostgres | undefined;
  let backend: FerretdbBackend = { kind: 'sqlite', pragmas: sqlitePragmas };
  if (layout === 'postgresql') {
    postgres = await startPostgres({ clusterDir: tempClusterDir(), log });
    backend = { kind: 'postgresql', url: postgres.url };
  }
  const ferretdb = await startFerretdb({ bin, dataDir: dir, log, backend });
  return {
    uri: ferretdb.uri,
    label: layout,
    ferretdb,
    async stop() {
      await ferretdb.stop();
      await postgres?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      if (postgres) fs.rmSync(path.dirname(postgres.clusterDir), { recursive: true, force: true });
    },
  };
}

/** Bare round trips against a connected database: the baseline every other figure is divided by. */
export async function measureBareWrites(client: MongoClient, dbName: string, n: number) {
  const coll = client.db(dbName).collection<{ _id?: unknown; i: number; n: number; at: Date; text: string }>('bench_writes');
  // Warm up: the collection and its table exist before timing.
  await coll.insertOne({ i: -1, n: 0, at: new Date(), text: 'warm' });
  const insert: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await coll.insertOne({ i, n: 0, at: new Date(), text: '独居老人需要每天中午送餐' });
    insert.push(performance.now() - t);
  }
  const update: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await coll.updateOne({ i }, { $set: { n: 1, at: new Date() } });
    update.push(performance.now() - t);
  }
  return { insert, update };
}

/** 50 writers at once: wall time, per-write latency and how many failed. */
async function concurrentWrites(client: MongoClient, dbName: string, writers: number) {
  const coll = client.db(dbName).collection('bench_concurrent');
  await coll.insertOne({ warm: true });
  const lat: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, i) => {
      const t = performance.now();
      try {
        await coll.insertOne({ i, at: new Date() });
        await coll.updateOne({ i }, { $set: { done: true } });
        lat.push(performance.now() - t);
      } catch {
        errors++;
      }
    }),
  );
  return { wallMs: performance.now() - t0, lat, errors };
}

/**
 * One record of a 5,000-record collection read and updated by `{_id}` alone against `{_id, countyCode}`:
 * FerretDB answers only the first from an index (the repositories read one record by _id alone).
 */
async function measureLookups(client: MongoClient, dbName: string, records = 5000, n = 30) {
  const coll = client
    .db(dbName)
    .collection<{ _id: ObjectId; countyCode: string; stationCode: string; text: string; n: number }>('bench_lookups');
  const docs = Array.from({ length: records }, (_, i) => ({
    _id: new ObjectId(),
    countyCode: '620723',
    stationCode: `62072310${i % 3}`,
    text: '独居老人需要每天中午送餐，行动不便，子女在外地。'.repeat(10),
    n: 0,
  }));
  for (let i = 0; i < docs.length; i += 1000) await coll.insertMany(docs.slice(i, i + 1000));
  const timed = async (f: (id: ObjectId) => Promise<unknown>) => {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = docs[(i * 997) % records]!._id;
      const t = performance.now();
      await f(id);
      lat.push(performance.now() - t);
    }
    return pct(lat, 50);
  };
  return {
    findById: await timed((id) => coll.findOne({ _id: id })),
    findByIdAndCounty: await timed((id) => coll.findOne({ _id: id, countyCode: '620723' })),
    updateById: await timed((id) => coll.updateOne({ _id: id }, { $inc: { n: 1 } })),
    updateByIdAndCounty: await timed((id) => coll.updateOne({ _id: id, countyCode: '620723' }, { $inc: { n: 1 } })),
  };
}

const LAYOUTS: { label: string; layout: string; pragmas?: string[] }[] = [
  { label: 'sqlite', layout: 'sqlite' },
  { label: 'sqliteSyncNormal', layout: 'sqlite', pragmas: ['synchronous(normal)'] },
  { label: 'sqliteTxImmediate', layout: 'sqlite', pragmas: ['_txlock=immediate'] },
  { label: 'postgresql', layout: 'postgresql' },
];

/** Runs the write-path benchmark and returns its figures. */
export async function runWritePathBench(): Promise<Record<string, number | string>> {
  const n = Number(process.env.DB_BENCH_WRITES ?? 200);
  const writers = 50;
  const out: Record<string, number | string> = { writesPerLayout: n, concurrentWriters: writers };
  const layouts = LAYOUTS.filter((l) => l.layout !== 'postgresql' || findPostgresBinDir());
  let baselineInsert = NaN;
  for (const l of layouts) {
    let server: BenchServer | undefined;
    try {
      server = await startBenchServer(l.layout, l.pragmas);
      for (const pool of [10, 100]) {
        const client = await MongoClient.connect(server.uri, { maxPoolSize: pool });
        try {
          const dbName = `bench_db_${Date.now()}`;
          const key = pool === 100 ? l.label : `${l.label}Pool${pool}`;
          if (pool === 100) {
            const { insert, update } = await measureBareWrites(client, dbName, n);
            if (Number.isNaN(baselineInsert)) baselineInsert = pct(insert, 50);
            out[`${key}InsertP50Ms`] = round(pct(insert, 50));
            out[`${key}InsertP95Ms`] = round(pct(insert, 95));
            out[`${key}UpdateP50Ms`] = round(pct(update, 50));
            out[`${key}UpdateP95Ms`] = round(pct(update, 95));
            out[`${key}InsertP50VsShippedSqlite`] = round(pct(insert, 50) / baselineInsert);
            if (l.label === 'sqlite' || l.label === 'postgresql') {
              const k = await measureLookups(client, dbName);
              out[`${key}FindByIdP50Ms`] = round(k.findById);
              out[`${key}FindByIdAndCountyP50Ms`] = round(k.findByIdAndCounty);
              out[`${key}FindByIdAndCountyVsById`] = round(k.findByIdAndCounty / k.findById);
              out[`${key}UpdateByIdP50Ms`] = round(k.updateById);
              out[`${key}UpdateByIdAndCountyP50Ms`] = round(k.updateByIdAndCounty);
            }
          }
          const c = await concurrentWrites(client, dbName, writers);
          out[`${key}Concurrent50WallMs`] = round(c.wallMs);
          out[`${key}Concurrent50P99Ms`] = round(pct(c.lat, 99));
          out[`${key}Concurrent50Errors`] = c.errors;
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      }
    } catch (err) {
      out[`${l.label}Error`] = err instanceof Error ? err.message.slice(0, 200) : String(err);
    } finally {
      await server?.stop();
    }
  }
  return out;
}
