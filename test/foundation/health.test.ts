import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { startFerretdb, type LocalServer } from '../../src/db/ferretdb.js';
import { eventually, testAuth, testLog } from '../helpers/db.js';

// This file runs its own FerretDB so it can stop and restart the database under a live app.
let server: LocalServer;
let dir: string;
const app = createApp({ log: testLog, auth: testAuth });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-ready-'));
  server = await startFerretdb({ bin: inject('ferretdbBin'), dataDir: dir, log: testLog });
  await connectDatabase({ uri: server.uri, dbName: 'ready', log: testLog });
});

afterAll(async () => {
  await disconnectDatabase();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('health and readiness', () => {
  it('healthz answers ok while the process lives', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('readyz is 200 while the database answers, 503 when it is stopped, and 200 again when it returns', async () => {
    const up = await request(app).get('/readyz');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ db: 'ok', server: 'FerretDB' });

    await server.stop();
    const down = await request(app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ db: 'down' });
    expect((await request(app).get('/healthz')).status).toBe(200);

    server = await startFerretdb({ bin: inject('ferretdbBin'), dataDir: dir, port: server.port, log: testLog });
    await eventually(async () => {
      const back = await request(app).get('/readyz');
      expect(back.status).toBe(200);
    }, 30_000);
  });
});
