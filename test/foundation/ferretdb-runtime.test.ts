import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, MongoBulkWriteError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FERRETDB_RUNTIME_ENV, startFerretdb, type LocalServer } from '../../src/db/ferretdb.js';
import { testLog } from '../helpers/db.js';

/**
 * FerretDB runs with the Go and insert settings the import was tuned with (src/db/ferretdb.ts), an
 * operator's environment still wins, and an unordered insert larger than FerretDB's old 100-document
 * batches keeps its per-document answers (the import's duplicate handling rests on them).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-ferret-env-'));
let server: LocalServer;
let client: MongoClient;
const operatorGogc = process.env.GOGC;

function environOf(pid: number): Map<string, string> {
  const entries = fs
    .readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]);
  return new Map(entries);
}

beforeAll(async () => {
  // An operator's choice for one variable; the others keep the project's values.
  process.env.GOGC = '150';
  server = await startFerretdb({
    bin: inject('ferretdbBin'),
    dataDir: path.join(dir, 'db'),
    log: testLog,
    backend: inject('ferretdbBackend'),
  });
  client = await MongoClient.connect(server.uri);
}, 60_000);

afterAll(async () => {
  if (operatorGogc === undefined) delete process.env.GOGC;
  else process.env.GOGC = operatorGogc;
  await client?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('FerretDB runtime settings', () => {
  it.runIf(fs.existsSync('/proc/self/environ'))("runs with the tuned settings, and the operator's environment wins over them", () => {
    const env = environOf(server.pid);
    expect(env.get('GOGC')).toBe('150');
    expect(env.get('GOMEMLIMIT')).toBe(FERRETDB_RUNTIME_ENV.GOMEMLIMIT);
    expect(env.get('FERRETDB_TEST_BATCH_SIZE')).toBe(FERRETDB_RUNTIME_ENV.FERRETDB_TEST_BATCH_SIZE);
  });

  it('an unordered insert of 1,500 documents with two duplicates writes the rest and names the duplicates by index', async () => {
    const coll = client.db('runtime_env').collection<{ _id: number; n: number }>('docs');
    await coll.insertOne({ _id: 700, n: -1 });
    const docs = Array.from({ length: 1500 }, (_, i) => ({ _id: i, n: i }));
    docs[1200] = { _id: 5, n: 1200 };
    const err = await coll.insertMany(docs, { ordered: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const writeErrors = (err as MongoBulkWriteError).writeErrors;
    const refused = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]).map((e) => e.index).sort((a, b) => a - b);
    expect(refused).toEqual([700, 1200]);
    expect(await coll.countDocuments()).toBe(1499);
    expect((await coll.findOne({ _id: 700 }))?.n).toBe(-1);
  });
});
