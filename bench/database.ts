import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../src/db/connect.js';
import { ensureFerretdbBinary, startFerretdb, type FerretdbBackend, type LocalServer } from '../src/db/ferretdb.js';
import { startPostgres, tempClusterDir, type LocalPostgres } from '../src/db/postgres.js';
import { createLogger } from '../src/logger.js';
import { logFailure } from '../src/shared/log-failure.js';
import { loadStationsFromDivisions } from '../src/stations/service.js';

/** Where a bench's FerretDB keeps its data: the embedded SQLite default, or a private PostgreSQL cluster. */
export type BenchLayout = 'sqlite' | 'postgresql';

/** The layout FERRETDB_BACKEND names (as for the tests and the workflow bench); SQLite unless it says postgresql. */
export function layoutFromEnv(): BenchLayout {
  return process.env.FERRETDB_BACKEND === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** What a bench gets: its temp dir, the server's URI, and the process ids of the servers started for it. */
export interface BenchDatabase {
  dir: string;
  /** The server's URI, for benchmarks that start app instances of their own. */
  uri: string;
  layout: BenchLayout | 'external';
  /** Process (and process group) ids of the local servers, to read their CPU; none with MONGODB_URI. */
  pids: { ferretdb?: number; postgres?: number };
}

/**
 * Runs a benchmark against a throwaway database on a real server (FerretDB started in a temp dir
 * unless MONGODB_URI is set; on `layout`, FERRETDB_BACKEND's unless given), with the stations loaded;
 * drops everything afterwards.
 */
export async function withBenchDatabase<T>(
  name: string,
  fn: (ctx: BenchDatabase) => Promise<T>,
  layout: BenchLayout = layoutFromEnv(),
): Promise<T> {
  const log = createLogger('warn');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wushe-bench-${name}-`));
  let local: LocalServer | undefined;
  let postgres: LocalPostgres | undefined;
  let uri = process.env.MONGODB_URI;
  try {
    if (!uri) {
      const bin = ensureFerretdbBinary(process.env.FERRETDB_BIN, log);
      if (!bin) throw new Error(`bench ${name}: no MONGODB_URI and no FerretDB binary (npm run ferretdb:build)`);
      let backend: FerretdbBackend = { kind: 'sqlite' };
      if (layout === 'postgresql') {
        postgres = await startPostgres({ clusterDir: tempClusterDir(), log });
        backend = { kind: 'postgresql', url: postgres.url };
      }
      local = await startFerretdb({ bin, dataDir: path.join(dir, 'db'), log, backend });
      uri = local.uri;
    }
    await connectDatabase({ uri, dbName: `bench_${name}_${Date.now()}`, log });
    await ensureIndexes();
    await loadStationsFromDivisions();
    const result = await fn({
      dir,
      uri,
      layout: local ? layout : 'external',
      pids: { ...(local ? { ferretdb: local.pid } : {}), ...(postgres ? { postgres: postgres.pid } : {}) },
    });
    await mongoose.connection.dropDatabase();
    return result;
  } finally {
    await disconnectDatabase().catch(logFailure('disconnecting the bench database', { bench: name }, log));
    await local?.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    if (postgres) fs.rmSync(path.dirname(postgres.clusterDir), { recursive: true, force: true });
  }
}
