import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/db/ferretdb.js';
import { eventually } from '../helpers/db.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-process-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Starts the real process entry (what `npm start` runs) on the local default database. */
async function startService(port: number): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    FERRETDB_BIN: inject('ferretdbBin'),
    ADMIN_PASSWORD: 'admin-pass-1234',
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
  };
  delete env.MONGODB_URI; // the local default: the service starts its own FerretDB
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`service exited: ${out}`);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch((err) => {
      throw new Error(`not listening yet (${err.message}); output so far: ${out.slice(-2000)}`);
    });
    expect(res.status).toBe(200);
    // Generous: a first start creates every collection and index, slow when the whole suite shares 2 cores.
  }, 150_000);
  return { child, exited, output: () => out };
}

async function login(port: number, username: string, password: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { accessToken?: string } };
}

describe('the service process (npm start) on its local FerretDB', () => {
  it('serves /readyz, stops gracefully on SIGTERM, and after a restart the data written before is still there', async () => {
    const port = await freePort();
    const first = await startService(port);
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toMatchObject({ db: 'ok', server: 'FerretDB' });

    const admin = await login(port, 'admin-620723', 'admin-pass-1234');
    expect(admin.status).toBe(200);
    const created = await fetch(`http://127.0.0.1:${port}/api/users/coordinators`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.body.accessToken}` },
      body: JSON.stringify({
        username: 'shahe-coordinator',
        password: 'coord-pass-123',
        displayName: '沙河镇社工',
        stationCode: '620723101',
      }),
    });
    expect(created.status).toBe(201);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startService(port);
    try {
      expect((await login(port, 'shahe-coordinator', 'coord-pass-123')).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 400_000);
});
