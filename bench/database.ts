import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../src/db/connect.js';
import { ensureFerretdbBinary, startFerretdb, type LocalServer } from '../src/db/ferretdb.js';
import { createLogger } from '../src/logger.js';
import { loadStationsFromDivisions } from '../src/stations/service.js';

/**
 * Runs a benchmark against a throwaway database on a real server (FerretDB started in a temp dir
 * unless MONGODB_URI is set), with the stations loaded; drops everything afterwards.
 */
export async function withBenchDatabase<T>(
  name: string,
  fn: (ctx: { dir: string; /** The server's URI, for benchmarks that start app instances of their own. */ uri: string }) => Promise<T>,
): Promise<T> {
  const log = createLogger('warn');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wushe-bench-${name}-`));
  let local: LocalServer | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const bin = ensureFerretdbBinary(process.env.FERRETDB_BIN, log);
    if (!bin) throw new Error(`bench ${name}: no MONGODB_URI and no FerretDB binary (npm run ferretdb:build)`);
    local = await startFerretdb({ bin, dataDir: path.join(dir, 'db'), log });
    uri = local.uri;
  }
  try {
    await connectDatabase({ uri, dbName: `bench_${name}_${Date.now()}`, log });
    await ensureIndexes();
    await loadStationsFromDivisions();
    const result = await fn({ dir, uri });
    await mongoose.connection.dropDatabase();
    return result;
  } finally {
    await disconnectDatabase().catch(() => undefined);
    await local?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
