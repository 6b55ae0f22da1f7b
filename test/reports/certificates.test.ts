import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { starLevelOf } from '../../src/certificates/hours.js';
import { monthOf } from '../../src/shared/china-time.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const month = monthOf(new Date());
let coordinator: SignedIn;
let volunteer: BuiltVolunteer;
let other: BuiltVolunteer;

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  volunteer = await buildVolunteer(app, { approver: coordinator, profile: { name: '张秀兰' } });
  other = await buildVolunteer(app, { approver: coordinator, profile: { name: '刘强' } });
  // 110 hours over 11 days in 2025, and 4 hours this month.
  for (let d = 1; d <= 11; d++)
    await recordServiceHours({
      countyCode: LINZE.county,
      volunteerId: volunteer.id,
      assignmentId: `as-${d}`,
      hours: 10,
      date: `2025-03-${String(d).padStart(2, '0')}`,
      recordedBy: coordinator.userId,
    });
  await recordServiceHours({
    countyCode: LINZE.county,
    volunteerId: volunteer.id,
    assignmentId: 'as-now',
    hours: 4,
    date: `${month}-01`,
    recordedBy: coordinator.userId,
  });
});

describe('志愿服务记录证明', () => {
  it('a volunteer gets a certificate of confirmed hours whose code verifies publicly with only the masked name', async () => {
    const res = await request(app).post('/api/certificates').set(volunteer.auth).send({ from: '2025-01', to: '2025-12' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: '张秀兰', hours: 110, from: '2025-01', to: '2025-12' });
    const code: string = res.body.code;
    expect(code).toMatch(/^[A-Z2-9]{16}-[A-Z2-9]{20}$/);

    // Public: no token at all.
    const check = await request(app).get(`/api/certificates/verify/${code}`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({
      valid: true,
      maskedName: '张*兰',
      hours: 110,
      from: '2025-01',
      to: '2025-12',
      issuedOn: expect.any(String),
    });
    expect(JSON.stringify(check.body)).not.toContain('张秀兰');
    const page = await request(app).get(`/verify/${code}`).set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('该证明真实有效');
    expect(page.text).toContain('张*兰');
    expect(page.text).not.toContain('张秀兰');
    expect(page.text).not.toContain(volunteer.phone);

    // Printable, for its holder (and staff), not for another volunteer.
    const print = await request(app).get(`/api/certificates/${code}/print.html`).set(volunteer.auth);
    expect(print.status).toBe(200);
    expect(print.text).toContain('志愿服务记录证明');
    expect(print.text).toContain('110');
    expect(print.text).toContain('size: A4');
    expect(print.headers['content-disposition']).toContain('attachment');
    expect((await request(app).get(`/api/certificates/${code}/print.html`).set(other.auth)).status).toBe(404);
    expect((await request(app).get(`/api/certificates/${code}/print.html`).set(coordinator.auth)).status).toBe(200);
  });

  it('a forged code does not verify: altered MAC, altered serial, made-up code, garbage', async () => {
    const res = await request(app).post('/api/certificates').set(volunteer.auth).send({ from: '2025-03', to: '2025-03' });
    const code: string = res.body.code;
    const [serial, mac] = code.split('-') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = [
      `${serial}-${flip(mac, 0)}`,
      `${flip(serial, 3)}-${mac}`,
      'ABCDEFGHJKLMNPQR-ABCDEFGHJKLMNPQRSTUV',
      'not-a-code',
      `${serial}-${mac}X`,
    ];
    for (const f of forged) {
      const r = await request(app).get(`/api/certificates/verify/${encodeURIComponent(f)}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ valid: false });
      expect((await request(app).get(`/verify/${encodeURIComponent(f)}`)).text).toContain('验证码无效');
    }
    // The same code still verifies (lower-case typing is accepted).
    expect((await request(app).get(`/api/certificates/verify/${code.toLowerCase()}`)).body.valid).toBe(true);
  });

  it('no certificate without confirmed hours, none for the future, and staff issue for their own volunteers only', async () => {
    expect((await request(app).post('/api/certificates').set(other.auth).send({ from: '2025-01', to: '2025-12' })).status).toBe(409);
    expect((await request(app).post('/api/certificates').set(volunteer.auth).send({ from: '2099-01', to: '2099-02' })).status).toBe(400);
    const byStaff = await request(app)
      .post('/api/certificates')
      .set(coordinator.auth)
      .send({ from: month, to: month, volunteerId: volunteer.id });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body.hours).toBe(4);
    const foreign = await buildCoordinator(app, LINZE.pingchuan);
    expect(
      (await request(app).post('/api/certificates').set(foreign.auth).send({ from: month, to: month, volunteerId: volunteer.id })).status,
    ).toBe(404);
  });
});

describe('star levels by cumulative confirmed hours', () => {
  it('thresholds: 一星 100 h … 五星 1,500 h', () => {
    expect(starLevelOf(99.5)).toMatchObject({ level: 0, next: { name: '一星', hoursToGo: 0.5 } });
    expect(starLevelOf(100)).toMatchObject({ level: 1, name: '一星' });
    expect(starLevelOf(300)).toMatchObject({ level: 2, name: '二星' });
    expect(starLevelOf(999)).toMatchObject({ level: 3, name: '三星' });
    expect(starLevelOf(1000)).toMatchObject({ level: 4, name: '四星' });
    expect(starLevelOf(1500)).toMatchObject({ level: 5, name: '五星', next: null });
  });

  it('shown to the volunteer and in the station list', async () => {
    const mine = await request(app).get('/api/certificates/me/star').set(volunteer.auth);
    expect(mine.body).toEqual({ hours: 114, level: 1, name: '一星', next: { name: '二星', hoursToGo: 186 } });
    const list = await request(app).get('/api/certificates/stars').set(coordinator.auth);
    expect(list.status).toBe(200);
    expect(list.body.find((v: { volunteerId: string }) => v.volunteerId === volunteer.id)).toMatchObject({
      hours: 114,
      level: 1,
      starName: '一星',
    });
    expect(list.body.find((v: { volunteerId: string }) => v.volunteerId === other.id)).toMatchObject({ hours: 0, level: 0 });
  });
});
