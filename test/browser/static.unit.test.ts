import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { mountConsole } from '../../src/web/static.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-console-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function appWith(dist: string) {
  const app = express();
  app.get('/api/ping', (_req, res) => res.json({ ok: true }));
  mountConsole(app, dist);
  app.use((_req, res) => res.status(404).json({ error: { code: 'route_not_found' } }));
  return app;
}

describe('serving the console from the app', () => {
  it('without a build, / answers a short Chinese page saying to run npm run build:web', async () => {
    const res = await request(appWith(path.join(tmp, 'missing'))).get('/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('npm run build:web');
    expect(res.text).toContain('控制台尚未构建');
  });

  it('with a build: static files, SPA fallback for page navigations only, the API and unknown non-pages untouched', async () => {
    const dist = path.join(tmp, 'dist');
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
    const app = appWith(dist);

    expect((await request(app).get('/')).text).toContain('<title>console</title>');
    const deep = await request(app).get('/needs/123').set('Accept', 'text/html,application/xhtml+xml');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>console</title>');
    expect(deep.headers['cache-control']).toBe('no-cache');

    const asset = await request(app).get('/assets/app-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');

    expect((await request(app).get('/api/ping')).body).toEqual({ ok: true });
    for (const p of ['/api/nothing', '/healthz/x', '/socket.io/x', '/assets/gone.js']) {
      const res = await request(app).get(p).set('Accept', 'text/html');
      expect(res.status, p).toBe(404);
    }
    // Non-browser clients keep the JSON 404 for unknown routes.
    expect((await request(app).get('/nope')).status).toBe(404);
    expect((await request(app).post('/needs').set('Accept', 'text/html')).status).toBe(404);
  });
});
