import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { TestProject } from 'vitest/node';
import { serverInfo } from '../../src/db/connect.js';
import { ensureFerretdbBinary, startFerretdb, type FerretdbBackend, type LocalServer } from '../../src/db/ferretdb.js';
import { startPostgres, tempClusterDir, type LocalPostgres } from '../../src/db/postgres.js';
import { createLogger } from '../../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    ferretdbBin: string;
    /** The storage of the run's FerretDB, for tests that start FerretDB themselves. */
    ferretdbBackend: FerretdbBackend;
  }
}

/**
 * Provides one real database server for the whole run: MONGODB_URI when set, otherwise a local
 * FerretDB on a throwaway directory. Test files create and drop their own databases on it.
 * FERRETDB_BACKEND=postgresql runs FerretDB on a throwaway PostgreSQL cluster (or on POSTGRES_URL).
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  let local: LocalServer | undefined;
  let postgres: LocalPostgres | undefined;
  let tmp: string | undefined;
  let backend: FerretdbBackend = { kind: 'sqlite' };
  const bin = ensureFerretdbBinary(process.env.FERRETDB_BIN, log) ?? '';
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    if (!bin) throw new Error('No MONGODB_URI and no FerretDB binary (npm run ferretdb:build needs Go).');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-test-'));
    if (process.env.FERRETDB_BACKEND === 'postgresql') {
      let url = process.env.POSTGRES_URL;
      if (!url) {
        postgres = await startPostgres({ clusterDir: tempClusterDir(), log });
        url = postgres.url;
      }
      backend = { kind: 'postgresql', url };
    }
    local = await startFerretdb({ bin, dataDir: tmp, log, backend });
    uri = local.uri;
  }
  const conn = await mongoose.connect(uri, { dbName: 'wushe_probe', serverSelectionTimeoutMS: 10_000 });
  const info = await serverInfo();
  await conn.disconnect();
  process.stdout.write(
    `\n[test] database server: ${info.name} ${info.version}${local ? ` on ${backend.kind}` : ''} at ${uri.replace(/\/\/[^@]*@/, '//***@')}\n\n`,
  );
  project.provide('mongoUri', uri);
  project.provide('ferretdbBin', bin);
  project.provide('ferretdbBackend', backend);

  return async () => {
    await local?.stop();
    await postgres?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (postgres) fs.rmSync(path.dirname(postgres.clusterDir), { recursive: true, force: true });
  };
}
