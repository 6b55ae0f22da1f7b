import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../../src/db/connect.js';
import { freePort } from '../../src/db/ferretdb.js';
import { superviseFerretdb, type SupervisedFerretdb } from '../../src/db/supervisor.js';
import { eventually, testAuth, testLog } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations } from '../helpers/factories.js';

/**
 * A 2xx answer means the record is committed: it survives kill -9 of FerretDB (restarted by the
 * supervisor) and kill -9 of the whole service. Runs on the storage the suite runs on (SQLite, or
 * PostgreSQL with FERRETDB_BACKEND=postgresql).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-durable-'));
let db: SupervisedFerretdb;

beforeAll(async () => {
  db = await superviseFerretdb({
    bin: inject('ferretdbBin'),
    dataDir: path.join(dir, 'ferretdb'),
    log: testLog,
    backend: inject('ferretdbBackend'),
    initialDelayMs: 50,
    onGiveUp: (err) => {
      throw err;
    },
  });
  await connectDatabase({ uri: db.uri, dbName: `durable_${Date.now()}`, log: testLog });
  await ensureIndexes();
  await buildStations();
}, 120_000);

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await disconnectDatabase();
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The pid of the FerretDB child listening on the supervisor's socket. */
function ferretdbPid(socketPath: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.includes('ferretdb-')) && cmd.includes(`--listen-unix=${socketPath}`) && !cmd.includes('setpriv'))
        return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

describe('durability of a committed write', () => {
  it('kill -9 of FerretDB right after a 201: once it is back, the record is there, unchanged', async () => {
    const app = createApp({ log: testLog, auth: testAuth });
    const coordinator = await buildCoordinator(app, LINZE.shahe);
    const station = await mongoose.connection
      .db!.collection<{ code: string; communities: { code: string }[] }>('stations')
      .findOne({ code: LINZE.shahe });
    const created = await request(app)
      .post('/api/needs')
      .set(coordinator.auth)
      .send({
        communityCode: station!.communities[0]!.code,
        category: 'meal',
        title: '送餐上门（持久性）',
        description: '独居老人需要每天中午送餐',
        groups: ['独居老人'],
        location: { lat: 39.15, lng: 100.16 },
      });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const socketPath = decodeURIComponent(db.uri.replace(/^mongodb:\/\//, '').replace(/\/$/, ''));
    const pid = ferretdbPid(socketPath);
    expect(pid, 'the FerretDB child is found').toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await eventually(async () => expect(db.restarts()).toBeGreaterThanOrEqual(1), 30_000);

    const read = await eventually(async () => {
      const res = await request(app).get(`/api/needs/${created.body.id}`).set(coordinator.auth);
      expect(res.status).toBe(200);
      return res;
    }, 30_000);
    expect(read.body.title).toBe('送餐上门（持久性）');
    expect(read.body.id).toBe(created.body.id);
  }, 120_000);

  it('kill -9 of the service right after a 201: after a restart on the same data dir, the record is there', async () => {
    const dataDir = path.join(dir, 'service');
    const port = await freePort();
    const start = async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        FERRETDB_BIN: inject('ferretdbBin'),
        ADMIN_PASSWORD: 'admin-pass-1234',
        LOG_LEVEL: 'warn',
        JOBS_ENABLED: 'false',
        NODE_ENV: 'development',
      };
      delete env.MONGODB_URI;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      let out = '';
      child.stderr!.on('data', (c) => (out += c));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`service exited: ${out}`);
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(res.status).toBe(200);
      }, 150_000);
      return { child, exited };
    };
    const login = async (username: string, password: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return { status: res.status, body: (await res.json()) as { accessToken?: string } };
    };

    const first = await start();
    try {
      const admin = await login('admin-620723', 'admin-pass-1234');
      const created = await fetch(`http://127.0.0.1:${port}/api/users/coordinators`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.body.accessToken}` },
        body: JSON.stringify({
          username: 'durable-coordinator',
          password: 'coord-pass-123',
          displayName: '沙河镇社工',
          stationCode: LINZE.shahe,
        }),
      });
      expect(created.status).toBe(201);
    } finally {
      first.child.kill('SIGKILL');
    }
    expect(await first.exited).toBe('SIGKILL');

    const second = await start();
    try {
      expect((await login('durable-coordinator', 'coord-pass-123')).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 400_000);
});
