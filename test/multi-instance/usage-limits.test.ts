import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createAuth } from '../../src/auth/create.js';
import { usageKindOf } from '../../src/http/usage-limits.js';
import { loadStationsFromDivisions } from '../../src/stations/service.js';
import { testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE } from '../helpers/factories.js';

useTestDatabase();
// Its own Auth with low limits (memory store: one instance); the shared store is covered by instances.test.ts.
const auth = createAuth(
  { JWT_SECRET: 'usage-secret-usage-secret-usage-secret-12', ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 14 },
  { limits: { uploadsPerUserPerHour: 2, exportsPerUserPerHour: 2 } },
);
const app = createApp({ log: testLog, auth });

async function signIn(username: string): Promise<string> {
  await auth.createUser({
    username,
    password: 'pass-word-123',
    role: 'coordinator',
    displayName: '测试',
    countyCode: LINZE.county,
    stationCode: LINZE.shahe,
  });
  const res = await request(app).post('/api/auth/login').send({ username, password: 'pass-word-123' });
  return res.body.accessToken as string;
}

beforeAll(async () => {
  await loadStationsFromDivisions();
});

describe('per-user upload limit', () => {
  it('past the hourly count an upload gets a Chinese 429 with Retry-After; another user is not affected', async () => {
    const [first, second] = [await signIn('usage-one'), await signIn('usage-two')];
    const upload = (token: string) =>
      request(app)
        .post('/api/imports?filename=a.csv')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('姓名,电话\n张三,13800000000\n'));
    for (let i = 0; i < 2; i++) expect((await upload(first)).status).not.toBe(429);
    const third = await upload(first);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(third.body.error.message).toMatch(/上传文件过于频繁/);
    expect((await upload(second)).status).not.toBe(429);
  });

  it('an anonymous upload is not counted but refused by the route (401)', async () => {
    expect((await request(app).post('/api/imports?filename=a.csv').send('x')).status).toBe(401);
  });
});

describe('which requests count', () => {
  it('uploads are POST /api/imports; exports are GETs under /api/exports and xlsx reports', () => {
    expect(usageKindOf({ method: 'POST', path: '/api/imports', query: {} })).toBe('upload');
    expect(usageKindOf({ method: 'POST', path: '/api/imports/abc/commit', query: {} })).toBeUndefined();
    expect(usageKindOf({ method: 'GET', path: '/api/exports/needs', query: {} })).toBe('export');
    expect(usageKindOf({ method: 'GET', path: '/api/reports/monthly.xlsx', query: {} })).toBe('export');
    expect(usageKindOf({ method: 'GET', path: '/api/reports/stations', query: { format: 'xlsx' } })).toBe('export');
    expect(usageKindOf({ method: 'GET', path: '/api/reports/stations', query: {} })).toBeUndefined();
  });
});
