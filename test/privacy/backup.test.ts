import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedCommunityDemo } from '../../src/demo/community.js';
import { seedSupplyDemo } from '../../src/demo/supply.js';
import { RestoreError, databaseDigest, restoreDatabase } from '../../src/privacy/backup.js';
import { testAuth, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations } from '../helpers/factories.js';

const { dbName } = useTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'wushe-backup-'));
const file = join(dir, 'demo.jsonl.gz');
const targets = [`r_${randomBytes(5).toString('hex')}`, `r_${randomBytes(5).toString('hex')}`];

/** The test server's URI naming one database. */
function uriOf(db: string): string {
  const url = new URL(inject('mongoUri'));
  url.pathname = `/${db}`;
  return url.toString();
}

/** Runs one of the npm scripts the way an operator would, against a database of the test server. */
function run(script: string, args: string[], db: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join('node_modules', '.bin', 'tsx'),
      [join('scripts', script), ...args],
      { env: { ...process.env, MONGODB_URI: uriOf(db), LOG_LEVEL: 'silent', NODE_ENV: 'test' }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const client = () => mongoose.connection.getClient();

beforeAll(async () => {
  await buildStations();
  await seedCommunityDemo({ auth: testAuth, fraction: 0.05, now: new Date('2026-03-01T00:00:00Z') });
  await seedSupplyDemo({ countyCode: LINZE.county, auth: testAuth, now: new Date('2026-03-01T00:00:00Z') });
}, 180_000);

afterAll(async () => {
  for (const t of targets) await client().db(t).dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('round-trips the demo county: same collections, same counts, same content digest', async () => {
    const source = await databaseDigest();
    expect(source.counts.needs).toBeGreaterThan(20);
    expect(source.counts.volunteers).toBeGreaterThan(0);

    const backup = await run('backup.ts', ['--out', file], dbName);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('backup written');

    const restore = await run('restore.ts', ['--in', file], targets[0]!);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await databaseDigest(client().db(targets[0]!));
    expect(restored.counts).toEqual(source.counts);
    expect(restored.sha256).toBe(source.sha256);
    // Indexes come back too: the unique ones are what single-winner writes rest on.
    const indexes = await client().db(targets[0]!).collection('needs').indexes();
    expect(indexes.some((i) => i.unique && i.key.sourceKey === 1)).toBe(true);
  }, 240_000);

  it('refuses a database that is not empty, writing nothing', async () => {
    const before = await databaseDigest(client().db(targets[0]!));
    const again = await run('restore.ts', ['--in', file], targets[0]!);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('not empty');
    expect(await databaseDigest(client().db(targets[0]!))).toEqual(before);
  }, 120_000);

  it('refuses a damaged file before its first write', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"c":"needs"'));
    lines[i] = lines[i]!.replace('"urgency":"', '"urgency":"x');
    const damaged = join(dir, 'damaged.jsonl.gz');
    writeFileSync(damaged, gzipSync(lines.join('\n')));
    await expect(restoreDatabase(damaged, client().db(targets[1]!))).rejects.toThrow(RestoreError);
    await expect(restoreDatabase(damaged, client().db(targets[1]!))).rejects.toThrow(/checksum/);
    expect((await databaseDigest(client().db(targets[1]!))).counts).toEqual({});
  });
});
