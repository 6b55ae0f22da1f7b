import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { UserModel } from '../../src/auth/models.js';
import { heldCount } from '../../src/supply/repository.js';
import { loadCandidatePool } from '../../src/supply/pool.js';
import { VolunteerModel } from '../../src/volunteers/model.js';
import { activeOf, releaseVolunteerSlot, takeVolunteerSlot } from '../../src/volunteers/slots.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildVolunteer, randomPhone } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('volunteer registration and review', () => {
  it('a self-registered volunteer is pending, signs in with the phone, and its account points at the profile', async () => {
    const phone = randomPhone();
    const res = await request(app)
      .post('/api/volunteers/register')
      .send({
        phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}`,
        password: 'pass-word-123',
        stationCode: LINZE.pingchuan,
        name: '王秀兰',
      });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending', message: '注册申请已提交，审核通过后可用手机号登录' });
    const login = await request(app).post('/api/auth/login').send({ username: phone, password: 'pass-word-123' });
    expect(login.status).toBe(200);
    const me = await request(app)
      .get('/api/volunteers/me')
      .set({ Authorization: `Bearer ${login.body.accessToken}` });
    expect(me.body).toMatchObject({ status: 'pending', approved: false, stationCode: LINZE.pingchuan, phone, active: 0 });
    expect(login.body.user).toMatchObject({ role: 'volunteer', subjectId: me.body.id, stationCode: LINZE.pingchuan });
  });

  it('registering the same phone again answers exactly like a success (no enumeration) and leaves one profile and one account', async () => {
    const phone = randomPhone();
    const body = { phone, password: 'pass-word-123', stationCode: LINZE.shahe, name: '李军' };
    const results = await Promise.all([1, 2, 3].map(() => request(app).post('/api/volunteers/register').send(body)));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const again = await request(app)
      .post('/api/volunteers/register')
      .send({ ...body, password: 'another-pass-456' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(results[0]!.body);
    expect(await VolunteerModel.countDocuments({ phone })).toBe(1);
    expect(await UserModel.countDocuments({ username: phone })).toBe(1);
    // The first password still signs in: the taken phone's account was not touched.
    expect((await request(app).post('/api/auth/login').send({ username: phone, password: 'another-pass-456' })).status).toBe(401);
  });

  it('a weak password is refused alike for a new and a taken phone', async () => {
    const taken = await buildVolunteer(app, { approved: false });
    for (const phone of [taken.phone, randomPhone()]) {
      const res = await request(app)
        .post('/api/volunteers/register')
        .send({ phone, password: `${phone}x`, stationCode: LINZE.shahe, name: '李军' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.issues)).toContain('密码不能包含手机号');
    }
  });

  it('registering to an unknown station answers 400 and writes nothing', async () => {
    const phone = randomPhone();
    const res = await request(app)
      .post('/api/volunteers/register')
      .send({ phone, password: 'pass-word-123', stationCode: '999999999', name: '张三' });
    expect(res.status).toBe(400);
    expect(await VolunteerModel.countDocuments({ phone })).toBe(0);
  });

  it('a coordinator approves volunteers of its station only; another station answers 404', async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.shahe, approved: false });
    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect((await request(app).post(`/api/volunteers/${v.id}/approve`).set(other.auth).send({})).status).toBe(404);
    const own = await buildCoordinator(app, LINZE.shahe);
    const ok = await request(app).post(`/api/volunteers/${v.id}/approve`).set(own.auth).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approved: true });
    expect((await request(app).post(`/api/volunteers/${v.id}/approve`).set(own.auth).send({})).status).toBe(409);
  });

  it('a county admin approves a volunteer of any station of the county', async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.yanuan, approved: false });
    const admin = await buildAdmin(app);
    const ok = await request(app).post(`/api/volunteers/${v.id}/approve`).set(admin.auth).send({});
    expect(ok.status).toBe(200);
  });

  it('a volunteer cannot approve anyone, not even itself', async () => {
    const v = await buildVolunteer(app, { approved: false });
    expect((await request(app).post(`/api/volunteers/${v.id}/approve`).set(v.auth).send({})).status).toBe(403);
  });
});

describe('own profile', () => {
  it('a volunteer edits its own profile through /me and the search text follows', async () => {
    const v = await buildVolunteer(app);
    const res = await request(app)
      .patch('/api/volunteers/me')
      .set(v.auth)
      .send({
        skills: ['理发', '量血压'],
        certifications: ['护士'],
        availability: [{ day: 6, start: '14:00', end: '17:30' }],
        datesOff: ['2026-02-17'],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ skills: ['理发', '量血压'], certifications: ['护士'], datesOff: ['2026-02-17'] });
    const c = await buildCoordinator(app, v.stationCode);
    const found = await request(app).get('/api/volunteers').query({ q: '血压' }).set(c.auth);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(v.id);
  });

  it("editing another volunteer's profile answers 404 and changes nothing", async () => {
    const a = await buildVolunteer(app);
    const b = await buildVolunteer(app);
    const res = await request(app).patch(`/api/volunteers/${b.id}`).set(a.auth).send({ name: '冒名顶替' });
    expect(res.status).toBe(404);
    expect((await request(app).get(`/api/volunteers/${b.id}`).set(a.auth)).status).toBe(404);
    expect((await VolunteerModel.findById(b.id).lean())!.name).toBe('测试志愿者');
    expect((await request(app).patch(`/api/volunteers/${a.id}`).set(a.auth).send({ name: '本人改名' })).status).toBe(200);
  });

  it('a volunteer cannot set its own active count, status or station', async () => {
    const v = await buildVolunteer(app, { approved: false });
    for (const body of [{ active: 0 }, { status: 'approved' }, { approved: true }, { stationCode: LINZE.yanuan }]) {
      const res = await request(app).patch('/api/volunteers/me').set(v.auth).send(body);
      expect(res.status).toBe(400);
    }
    expect((await VolunteerModel.findById(v.id).lean())!).toMatchObject({ status: 'pending', approved: false, stationCode: LINZE.shahe });
  });

  it('lowering maxActive below the active count leaves no free slot', async () => {
    const v = await buildVolunteer(app, { profile: { maxActive: 3 } });
    expect(await takeVolunteerSlot(v.id)).not.toBeNull();
    expect(await takeVolunteerSlot(v.id)).not.toBeNull();
    const res = await request(app).patch('/api/volunteers/me').set(v.auth).send({ maxActive: 1 });
    expect(res.status).toBe(200);
    expect(await takeVolunteerSlot(v.id)).toBeNull();
    await releaseVolunteerSlot(v.id);
    await releaseVolunteerSlot(v.id);
    expect(await takeVolunteerSlot(v.id)).not.toBeNull();
    expect(await activeOf(v.id)).toBe(1);
  });
});

describe('vetting for work with children', () => {
  it('a certification declared after approval reaches the matcher only once a coordinator verifies it; a dropped one leaves at once', async () => {
    const c = await buildCoordinator(app, LINZE.shahe);
    const v = await buildVolunteer(app, { approver: c, profile: { certifications: ['护士'] } });
    const pooled = async () => (await loadCandidatePool(LINZE.county)).volunteers.find((x) => x.id === v.id)!.certifications;
    expect(await pooled()).toEqual(['护士']);

    const declared = await request(app)
      .patch('/api/volunteers/me')
      .set(v.auth)
      .send({ certifications: ['护士', '无犯罪记录证明'] });
    expect(declared.body).toMatchObject({ certifications: ['护士', '无犯罪记录证明'], verifiedCertifications: ['护士'] });
    expect(await pooled()).toEqual(['护士']);

    expect((await request(app).post(`/api/volunteers/${v.id}/certifications/verify`).set(v.auth)).status).toBe(403);
    const verified = await request(app).post(`/api/volunteers/${v.id}/certifications/verify`).set(c.auth);
    expect(verified.status).toBe(200);
    expect(await pooled()).toEqual(['护士', '无犯罪记录证明']);

    await request(app)
      .patch('/api/volunteers/me')
      .set(v.auth)
      .send({ certifications: ['无犯罪记录证明'] });
    expect(await pooled()).toEqual(['无犯罪记录证明']);
  });
});

describe('phone privacy', () => {
  it('lists mask phones; the station coordinator sees the full phone in the detail, and that read is audited', async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const c = await buildCoordinator(app, LINZE.shahe);
    const list = await request(app).get('/api/volunteers').set(c.auth);
    const row = list.body.items.find((i: { id: string }) => i.id === v.id);
    expect(row.phone).toBe(`${v.phone.slice(0, 3)}****${v.phone.slice(-4)}`);
    expect(await AuditModel.countDocuments({ entity: 'volunteer', entityId: v.id, actorId: c.userId })).toBe(0);
    const detail = await request(app).get(`/api/volunteers/${v.id}`).set(c.auth);
    expect(detail.body.phone).toBe(v.phone);
    expect(await AuditModel.countDocuments({ entity: 'volunteer', entityId: v.id, actorId: c.userId, action: 'read_sensitive' })).toBe(1);
  });

  it("another station's coordinator does not see the volunteer at all", async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect((await request(app).get(`/api/volunteers/${v.id}`).set(other.auth)).status).toBe(404);
    const list = await request(app).get('/api/volunteers').set(other.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(v.id);
  });
});

describe('lists', () => {
  it('filters by status and skill, searches literally (regex characters are plain text), and pages with a cursor', async () => {
    const c = await buildCoordinator(app, LINZE.yanuan);
    const approver = await buildAdmin(app);
    for (let i = 0; i < 5; i++) {
      await buildVolunteer(app, {
        stationCode: LINZE.yanuan,
        approver,
        profile: { skills: ['修水管', `技能${i}`], description: '会电工(持证).*' },
      });
    }
    await buildVolunteer(app, { stationCode: LINZE.yanuan, approved: false, profile: { skills: ['修水管'] } });
    const approved = await request(app).get('/api/volunteers').query({ status: 'approved', skill: '修水管', limit: 2 }).set(c.auth);
    expect(approved.status).toBe(200);
    expect(approved.body.items).toHaveLength(2);
    const seen = new Set<string>(approved.body.items.map((i: { id: string }) => i.id));
    let cursor = approved.body.nextCursor;
    while (cursor) {
      const next = await request(app).get('/api/volunteers').query({ status: 'approved', skill: '修水管', limit: 2, cursor }).set(c.auth);
      next.body.items.forEach((i: { id: string }) => seen.add(i.id));
      cursor = next.body.nextCursor;
    }
    expect(seen.size).toBe(5);
    const literal = await request(app).get('/api/volunteers').query({ q: '(持证).*' }).set(c.auth);
    expect(literal.body.items.length).toBe(5);
    const none = await request(app).get('/api/volunteers').query({ q: '.*' }).set(c.auth);
    expect(none.body.items.length).toBe(5);
    const nothing = await request(app).get('/api/volunteers').query({ q: '心理咨询' }).set(c.auth);
    expect(nothing.body.items).toHaveLength(0);
  });
});

describe('assignment slots', () => {
  it('when 50 callers take the last free slot at once, exactly one succeeds', async () => {
    const v = await buildVolunteer(app, { profile: { maxActive: 1 } });
    const results = await Promise.all(Array.from({ length: 50 }, () => takeVolunteerSlot(v.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await heldCount('volunteer', v.id)).toBe(1);
    const c = await buildCoordinator(app, v.stationCode);
    expect((await request(app).get(`/api/volunteers/${v.id}`).set(c.auth)).body).toMatchObject({ active: 1, maxActive: 1 });
  });

  it('an unapproved volunteer has no slot to take; a released slot can be taken again', async () => {
    const pending = await buildVolunteer(app, { approved: false });
    expect(await takeVolunteerSlot(pending.id)).toBeNull();
    const v = await buildVolunteer(app, { profile: { maxActive: 1 } });
    expect(await takeVolunteerSlot(v.id)).not.toBeNull();
    expect(await takeVolunteerSlot(v.id)).toBeNull();
    expect(await releaseVolunteerSlot(v.id)).toBe(true);
    expect(await activeOf(v.id)).toBe(0);
    expect(await releaseVolunteerSlot(v.id)).toBe(false);
    expect(await takeVolunteerSlot(v.id)).not.toBeNull();
  });
});
