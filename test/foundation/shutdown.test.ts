import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { listen } from '../../src/server.js';
import { testAuth, testLog } from '../helpers/db.js';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('when shutdown starts with a request in flight, that request completes and new connections are refused', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const app = createApp({
      log: testLog,
      auth: testAuth,
      extend(app) {
        app.get('/slow', async (_req, res) => {
          arrived();
          await gate;
          res.json({ done: true });
        });
      },
    });
    const running = await listen(app, { host: '127.0.0.1', port: 0, log: testLog });

    const pending = get(running.port, '/slow');
    await inFlight;
    const closed = running.close(10_000);
    await expect(get(running.port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    release();
    const res = await pending;
    await closed;
    expect(res).toEqual({ status: 200, body: '{"done":true}' });
  });
});
