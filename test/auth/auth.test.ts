import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('accounts and sessions', () => {
  it('when the password is wrong, sign-in answers 401 without saying whether the account exists', async () => {
    const c = await buildCoordinator(app);
    const wrong = await request(app).post('/api/auth/login').send({ username: c.username, password: 'nope-nope' });
    const unknown = await request(app).post('/api/auth/login').send({ username: 'no-such-user', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('when signed in, /me names the role and station', async () => {
    const c = await buildCoordinator(app, LINZE.pingchuan);
    const me = await request(app).get('/api/auth/me').set(c.auth);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'coordinator', stationCode: LINZE.pingchuan, countyCode: LINZE.county });
  });

  it('when a refresh token is used, it rotates: the old one no longer works', async () => {
    const c = await buildCoordinator(app);
    const first = await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toBeTruthy();
    const again = await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(again.status).toBe(401);
  });

  it('when two refreshes race with the same token, exactly one gets a new pair', async () => {
    const c = await buildCoordinator(app);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(29);
  });

  it('when a user logs out, the access and refresh tokens stop working at once', async () => {
    const c = await buildCoordinator(app);
    expect((await request(app).post('/api/auth/logout').set(c.auth)).status).toBe(204);
    expect((await request(app).get('/api/auth/me').set(c.auth)).status).toBe(401);
    expect((await request(app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken })).status).toBe(401);
  });

  it('when a token is forged or missing, answers 401', async () => {
    const c = await buildCoordinator(app);
    const [payload] = c.token.split('.');
    const forged = `${payload}.AAAA${c.token.split('.')[1]!.slice(4)}`;
    expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
    expect((await request(app).get('/api/auth/me')).status).toBe(401);
  });

  it('stores only a scrypt hash of the password', async () => {
    const user = await testAuth.createUser({
      username: 'hash-check',
      password: 'pass-word-123',
      role: 'charity',
      displayName: '爱心企业',
      countyCode: LINZE.county,
    });
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain('pass-word-123');
  });
});

describe('stations and scope', () => {
  it('a county admin sees every station of the county and none of another county', async () => {
    const admin = await buildAdmin(app);
    const res = await request(app).get('/api/stations').set(admin.auth);
    expect(res.status).toBe(200);
    const codes = res.body.map((s: { code: string }) => s.code);
    expect(codes).toEqual(expect.arrayContaining([LINZE.shahe, LINZE.pingchuan, LINZE.yanuan]));
    expect(codes.every((c: string) => c.startsWith(LINZE.county))).toBe(true);
    const shahe = res.body.find((s: { code: string }) => s.code === LINZE.shahe);
    expect(shahe.name).toBe('沙河镇');
    expect(shahe.communities.length).toBeGreaterThan(5);
  });

  it('a coordinator sees its own station, and another station answers 404', async () => {
    const c = await buildCoordinator(app, LINZE.shahe);
    const list = await request(app).get('/api/stations').set(c.auth);
    expect(list.body.map((s: { code: string }) => s.code)).toEqual([LINZE.shahe]);
    expect((await request(app).get(`/api/stations/${LINZE.shahe}`).set(c.auth)).status).toBe(200);
    expect((await request(app).get(`/api/stations/${LINZE.pingchuan}`).set(c.auth)).status).toBe(404);
  });

  it('only a county admin creates coordinators, and only for stations of the county', async () => {
    const admin = await buildAdmin(app);
    const c = await buildCoordinator(app);
    const body = { username: 'coord-new-1', password: 'pass-word-123', displayName: '李社工', stationCode: LINZE.yanuan };
    expect((await request(app).post('/api/users/coordinators').set(c.auth).send(body)).status).toBe(403);
    const created = await request(app).post('/api/users/coordinators').set(admin.auth).send(body);
    expect(created.status).toBe(201);
    const foreign = await request(app)
      .post('/api/users/coordinators')
      .set(admin.auth)
      .send({ ...body, username: 'coord-new-2', stationCode: '330302001' });
    expect(foreign.status).toBe(400);
  });
});
