import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { TestProject } from 'vitest/node';
import { serverInfo } from '../../src/db/connect.js';
import { ensureFerretdbBinary, startFerretdb, type LocalServer } from '../../src/db/ferretdb.js';
import { createLogger } from '../../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    ferretdbBin: string;
  }
}

/**
 * Provides one real database server for the whole run: MONGODB_URI when set, otherwise a local
 * FerretDB on a throwaway directory. Test files create and drop their own databases on it.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  let local: LocalServer | undefined;
  let tmp: string | undefined;
  const bin = ensureFerretdbBinary(process.env.FERRETDB_BIN, log) ?? '';
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    if (!bin) throw new Error('No MONGODB_URI and no FerretDB binary (npm run ferretdb:build needs Go).');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-test-'));
    local = await startFerretdb({ bin, dataDir: tmp, log });
    uri = local.uri;
  }
  const conn = await mongoose.connect(uri, { dbName: 'wushe_probe', serverSelectionTimeoutMS: 10_000 });
  const info = await serverInfo();
  await conn.disconnect();
  process.stdout.write(`\n[test] database server: ${info.name} ${info.version} at ${uri.replace(/\/\/[^@]*@/, '//***@')}\n\n`);
  project.provide('mongoUri', uri);
  project.provide('ferretdbBin', bin);

  return async () => {
    await local?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
