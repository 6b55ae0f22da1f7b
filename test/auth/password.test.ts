import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

const PASSWORD = 'pass-word-123';
const login = (username: string, password: string) => request(app).post('/api/auth/login').send({ username, password });

/** A second sign-in of the same account (another device). */
async function secondDevice(c: SignedIn): Promise<{ auth: { Authorization: string }; refreshToken: string }> {
  const res = await login(c.username, PASSWORD);
  expect(res.status).toBe(200);
  return { auth: { Authorization: `Bearer ${res.body.accessToken}` }, refreshToken: res.body.refreshToken };
}

/** Session ids the auth service reports ended while `fn` runs (the live server closes their sockets on them). */
async function endedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const ended: string[] = [];
  const stop = testAuth.onSessionsEnded((ids) => ended.push(...ids));
  try {
    await fn();
  } finally {
    stop();
  }
  return ended;
}

describe('own password, reset by the county admin, sign out everywhere', () => {
  it('changing one’s password needs the old one, applies the policy, ends the other sessions and hands this device new tokens', async () => {
    const c = await buildCoordinator(app);
    const other = await secondDevice(c);

    const wrongOld = await request(app)
      .post('/api/auth/password')
      .set(c.auth)
      .send({ oldPassword: 'not-it-at-all', newPassword: 'Qing-shui-河-9' });
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.body.error.issues[0]).toMatchObject({ path: ['oldPassword'], message: '原密码不正确' });

    const weak = await request(app).post('/api/auth/password').set(c.auth).send({ oldPassword: PASSWORD, newPassword: '12345678' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.issues[0].path).toEqual(['newPassword']);
    expect(weak.body.error.issues[0].message).toContain('过于常见');

    const empty = await request(app).post('/api/auth/password').set(c.auth).send({ oldPassword: PASSWORD });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].message).toBe('请填写新密码');

    let changed: request.Response | undefined;
    const ended = await endedDuring(async () => {
      changed = await request(app).post('/api/auth/password').set(c.auth).send({ oldPassword: PASSWORD, newPassword: 'Qing-shui-河-9' });
    });
    expect(changed!.status).toBe(200);
    expect(ended.length).toBeGreaterThanOrEqual(2);
    // The other device and the old tokens of this one are out; the new pair works.
    expect((await request(app).get('/api/auth/me').set(other.auth)).status).toBe(401);
    expect((await request(app).post('/api/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
    expect((await request(app).get('/api/auth/me').set(c.auth)).status).toBe(401);
    const me = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${changed!.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(false);
    expect((await login(c.username, PASSWORD)).status).toBe(401);
    expect((await login(c.username, 'Qing-shui-河-9')).status).toBe(200);
  });

  it('the county admin resets a coordinator’s password: audited, sessions ended, the coordinator must change it before anything else', async () => {
    const admin = await buildAdmin(app);
    const c = await buildCoordinator(app);
    const reset = await request(app).post(`/api/users/${c.userId}/password`).set(admin.auth).send({ password: 'Chong-zhi-2026-x' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id: c.userId, mustChangePassword: true });
    expect((await request(app).get('/api/auth/me').set(c.auth)).status).toBe(401);

    const audit = await request(app).get('/api/audit').set(admin.auth).query({ entity: 'user', entityId: c.userId });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('password_reset');

    const signIn = await login(c.username, 'Chong-zhi-2026-x');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.mustChangePassword).toBe(true);
    const auth = { Authorization: `Bearer ${signIn.body.accessToken}` };
    const blocked = await request(app).get('/api/needs').set(auth);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await request(app).get('/api/auth/me').set(auth)).body.mustChangePassword).toBe(true);

    const changed = await request(app)
      .post('/api/auth/password')
      .set(auth)
      .send({ oldPassword: 'Chong-zhi-2026-x', newPassword: 'Zi-ji-de-mi-ma-7' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await request(app).get('/api/needs').set('Authorization', `Bearer ${changed.body.accessToken}`)).status).toBe(200);
  });

  it('only a coordinator of the admin’s own county can be reset, with a password that passes the policy', async () => {
    const admin = await buildAdmin(app);
    const otherCounty = await buildAdmin(app, '620702');
    const peer = await buildAdmin(app);
    const c = await buildCoordinator(app, LINZE.pingchuan);
    expect(
      (await request(app).post(`/api/users/${c.userId}/password`).set(otherCounty.auth).send({ password: 'Chong-zhi-2026-x' })).status,
    ).toBe(404);
    expect(
      (await request(app).post(`/api/users/${peer.userId}/password`).set(admin.auth).send({ password: 'Chong-zhi-2026-x' })).status,
    ).toBe(404);
    expect((await request(app).post(`/api/users/${admin.userId}/password`).set(c.auth).send({ password: 'Chong-zhi-2026-x' })).status).toBe(
      403,
    );
    const weak = await request(app).post(`/api/users/${c.userId}/password`).set(admin.auth).send({ password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.issues[0].path).toEqual(['password']);
  });

  it('signing out everywhere ends every session of the account and reports them for their sockets to close', async () => {
    const c = await buildCoordinator(app);
    const other = await secondDevice(c);
    const bystander = await buildCoordinator(app);
    let res: request.Response | undefined;
    const ended = await endedDuring(async () => {
      res = await request(app).post('/api/auth/logout-everywhere').set(c.auth);
    });
    expect(res!.status).toBe(200);
    expect(res!.body.ended).toBe(2);
    expect(ended).toHaveLength(2);
    expect((await request(app).get('/api/auth/me').set(c.auth)).status).toBe(401);
    expect((await request(app).get('/api/auth/me').set(other.auth)).status).toBe(401);
    expect((await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken })).status).toBe(401);
    expect((await request(app).get('/api/auth/me').set(bystander.auth)).status).toBe(200);
  });
});
