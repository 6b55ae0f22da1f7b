import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { createAuth } from '../../src/auth/create.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

/** A fresh client address per test (the app trusts X-Forwarded-For from loopback), so tests do not lock each other out. */
const newAddress = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]! % 250).join('.')}`;
const login = (username: string, password: string, address: string, on = app) =>
  request(on).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

describe('sign-in throttle', () => {
  it('after 5 wrong passwords for an account the 6th attempt answers 429 with Retry-After, even with the right password; the county admin lifts the lock (audited)', async () => {
    const c = await buildCoordinator(app);
    for (let i = 0; i < 5; i++) expect((await login(c.username, 'wrong-password-1', newAddress())).status).toBe(401);
    const locked = await login(c.username, 'pass-word-123', newAddress());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body.error.code).toBe('too_many_requests');
    expect(locked.body.error.message).toMatch(/登录失败次数过多.*锁定/);

    // Only the county admin lifts it.
    expect((await request(app).post(`/api/auth/locks/${c.username}/lift`).set(c.auth)).status).toBe(403);
    const admin = await buildAdmin(app);
    const lift = await request(app).post(`/api/auth/locks/${c.username}/lift`).set(admin.auth);
    expect(lift.status).toBe(200);
    expect(lift.body).toEqual({ lifted: true });
    expect(await AuditModel.countDocuments({ actorId: admin.userId, entity: 'login_lock', entityId: c.username })).toBe(1);
    expect((await login(c.username, 'pass-word-123', newAddress())).status).toBe(200);
  });

  it('an unknown username locks the same way, so a lock does not tell which accounts exist', async () => {
    const ghost = `ghost-${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < 5; i++) expect((await login(ghost, 'wrong-password-1', newAddress())).status).toBe(401);
    expect((await login(ghost, 'wrong-password-1', newAddress())).status).toBe(429);
  });

  it('after 20 failures from one address (any usernames) that address answers 429, another address still signs in', async () => {
    const address = newAddress();
    for (let i = 0; i < 20; i++)
      expect((await login(`nobody-${i}-${randomBytes(3).toString('hex')}`, 'wrong-password-1', address)).status).toBe(401);
    const c = await buildCoordinator(app);
    const refused = await login(c.username, 'pass-word-123', address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error.message).toMatch(/请.*后再试/);
    expect((await login(c.username, 'pass-word-123', newAddress())).status).toBe(200);
  });

  it('a known and an unknown user take about the same time to refuse (medians within a factor of 2)', async () => {
    // Locks would answer early and fast: this Auth never locks.
    const auth = createAuth(
      { JWT_SECRET: 'timing-secret-timing-secret-12345678', ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 14 },
      { limits: { accountFreeFailures: 1000, addressFreeFailures: 1000 } },
    );
    const timed = createApp({ log: testLog, auth });
    const username = `timing-${randomBytes(4).toString('hex')}`;
    await auth.createUser({ username, password: 'pass-word-123', role: 'charity', displayName: '计时', countyCode: LINZE.county });
    await login(username, 'warm-up-password', newAddress(), timed);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      for (const [name, into] of [
        [username, known],
        [`no-such-${i}-${randomBytes(3).toString('hex')}`, unknown],
      ] as const) {
        const started = performance.now();
        const res = await login(name, 'wrong-password-1', newAddress(), timed);
        into.push(performance.now() - started);
        expect(res.status).toBe(401);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('password policy', () => {
  it.each([
    ['12345678', /常见/],
    ['password', /常见/],
    ['short1', /至少 8 位/],
  ])('refuses %s with a Chinese message on password', async (password, message) => {
    const admin = await buildAdmin(app);
    const res = await request(app)
      .post('/api/users/coordinators')
      .set(admin.auth)
      .send({ username: `coord-${randomBytes(3).toString('hex')}`, password, displayName: '社工', stationCode: LINZE.shahe });
    expect(res.status).toBe(400);
    const issue = res.body.error.issues.find((i: { path: string[] }) => i.path.join('.') === 'password');
    expect(issue.message).toMatch(message);
  });

  it('refuses a password equal to or containing the username, on every path that creates accounts', async () => {
    const admin = await buildAdmin(app);
    const username = `zhangwei-${randomBytes(3).toString('hex')}`;
    for (const password of [username, `${username}!1`]) {
      const res = await request(app)
        .post('/api/users/coordinators')
        .set(admin.auth)
        .send({ username, password, displayName: '社工', stationCode: LINZE.shahe });
      expect(res.status).toBe(400);
      expect(res.body.error.issues.map((i: { message: string }) => i.message).join()).toContain('密码不能包含账号');
    }
    // The shared createUser (volunteer, organisation, charity registration) holds the policy too.
    await expect(
      testAuth.createUser({
        username: '13912345678',
        password: 'x13912345678',
        role: 'volunteer',
        displayName: '志愿者',
        countyCode: LINZE.county,
      }),
    ).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ path: ['password'] })] });
    await expect(
      testAuth.createUser({
        username: `u-${randomBytes(3).toString('hex')}`,
        password: '12345678',
        role: 'charity',
        displayName: '慈善',
        countyCode: LINZE.county,
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('anonymous registration', () => {
  it('is counted per address: past the hourly limit it answers 429 with Retry-After, another address is not affected', async () => {
    const auth = createAuth(
      { JWT_SECRET: 'register-secret-register-secret-1234', ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 14 },
      { limits: { registrationsPerAddressPerHour: 3 } },
    );
    const limited = createApp({ log: testLog, auth });
    const address = newAddress();
    const register = (path: string, from: string) => request(limited).post(path).set('X-Forwarded-For', from).send({});
    for (let i = 0; i < 3; i++) expect((await register('/api/volunteers/register', address)).status).toBe(400);
    const refused = await register('/api/organisations/register', address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error.message).toMatch(/注册过于频繁/);
    expect((await register('/api/volunteers/register', newAddress())).status).toBe(400);
  });
});

describe('refresh-token reuse', () => {
  it('replaying a rotated refresh token ends the whole session family: the newest tokens stop working too', async () => {
    const c = await buildCoordinator(app);
    const rotated = await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(rotated.status).toBe(200);
    const newest = await request(app).post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expect(newest.status).toBe(200);
    expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${newest.body.accessToken}`)).status).toBe(200);

    // The first token comes back (stolen, or replayed): refused, and the family ends.
    expect((await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken })).status).toBe(401);
    expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${newest.body.accessToken}`)).status).toBe(401);
    expect((await request(app).post('/api/auth/refresh').send({ refreshToken: newest.body.refreshToken })).status).toBe(401);

    // Another sign-in of the same person is another family and keeps working.
    const again = await request(app).post('/api/auth/login').send({ username: c.username, password: 'pass-word-123' });
    expect(again.status).toBe(200);
  });
});
