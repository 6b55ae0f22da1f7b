import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bootstrap } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { testAuth, useTestDatabase } from '../helpers/db.js';

useTestDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-bootstrap-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('first start', () => {
  it('a generated admin password goes to a 0600 file in the data directory, never to the log or stdout', async () => {
    let logged = '';
    const log = pino(
      { level: 'trace' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logged += chunk.toString();
          done();
        },
      }),
    );
    const stdout = vi.spyOn(process.stdout, 'write');
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_COUNTY_CODE: '620723' });
    try {
      await bootstrap({ config, auth: testAuth, log });
    } finally {
      stdout.mockRestore();
    }

    const file = path.join(dataDir, 'admin-password.txt');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const password = /password: (\S+)/.exec(fs.readFileSync(file, 'utf8'))?.[1];
    expect(password).toBeTruthy();
    expect(logged).toContain(file);
    expect(logged).not.toContain(password);
    expect(stdout.mock.calls.map((c) => String(c[0])).join('')).not.toContain(password);
    // The password in the file is the admin's.
    expect((await testAuth.login('admin-620723', password!)).accessToken).toBeTruthy();
  });
});
