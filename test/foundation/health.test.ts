import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { startFerretdb, type LocalServer } from '../../src/db/ferretdb.js';
import { defineModel } from '../../src/shared/model.js';
import { eventually, testAuth, testLog } from '../helpers/db.js';

// A write the probe route makes through mongoose, as every service does.
const ProbeModel = defineModel<{ note: string }>('HealthProbe', { note: String });

// This file runs its own FerretDB so it can stop, freeze and restart the database under a live app.
let server: LocalServer;
let dir: string;
const app = createApp({
  log: testLog,
  auth: testAuth,
  extend(app) {
    app.post('/probe-write', async (_req, res) => {
      await ProbeModel.create({ note: 'x' });
      res.status(201).json({ ok: true });
    });
  },
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-ready-'));
  server = await startFerretdb({ bin: inject('ferretdbBin'), dataDir: dir, log: testLog });
  // Short driver timeouts so a frozen server is given up on quickly; production defaults are longer.
  await connectDatabase({
    uri: server.uri,
    dbName: 'ready',
    log: testLog,
    timeouts: { socketTimeoutMS: 3_000, serverSelectionTimeoutMS: 2_000, maxTimeMS: 2_000 },
  });
});

afterAll(async () => {
  await disconnectDatabase();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe('health and readiness', () => {
  it('healthz answers ok while the process lives', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('readyz says the database is ok without naming the server or its version', async () => {
    const up = await request(app).get('/readyz');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ db: 'ok' });
    expect(up.text).not.toMatch(/ferret|mongo|\d+\.\d+\.\d+/i);
  });

  it('when the database is frozen (a real read cannot answer), readyz turns 503 within its deadline and a write is 503 in seconds', async () => {
    process.kill(server.pid, 'SIGSTOP');
    try {
      const ready = await timed(() => request(app).get('/readyz'));
      expect(ready.value.status).toBe(503);
      expect(ready.value.body).toEqual({ db: 'down' });
      expect(ready.ms).toBeLessThan(3_000);

      const write = await timed(() => request(app).post('/probe-write'));
      expect(write.value.status).toBe(503);
      expect(write.value.body.error.code).toBe('database_unavailable');
      expect(write.value.headers['retry-after']).toBeDefined();
      expect(write.ms).toBeLessThan(8_000);
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    await eventually(async () => expect((await request(app).get('/readyz')).status).toBe(200), 30_000);
  }, 40_000);

  it('readyz is 503 and writes fail fast with 503 while the database is stopped, and it is 200 again when it returns', async () => {
    await server.stop();
    const down = await request(app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ db: 'down' });
    expect((await request(app).get('/healthz')).status).toBe(200);

    const write = await timed(() => request(app).post('/probe-write'));
    expect(write.value.status).toBe(503);
    expect(write.ms).toBeLessThan(8_000);

    server = await startFerretdb({ bin: inject('ferretdbBin'), dataDir: dir, log: testLog });
    await eventually(async () => {
      const back = await request(app).get('/readyz');
      expect(back.status).toBe(200);
    }, 30_000);
    expect((await request(app).post('/probe-write')).status).toBe(201);
  }, 60_000);
});
