import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { remindUnansweredReferrals } from '../../src/referrals/service.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { postHousehold } from '../community/build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coord: SignedIn;
let volunteer: BuiltVolunteer;
let household: string;

beforeAll(async () => {
  await buildStations();
  coord = await buildCoordinator(app, LINZE.shahe);
  volunteer = await buildVolunteer(app, { stationCode: LINZE.shahe, approver: coord });
  household = await postHousehold(app, coord);
});

const post = (path: string, body: object = {}) => request(app).post(path).set(coord.auth).send(body);

describe('case lifecycle', () => {
  it('walks intake → assessment → plan → service → review → closure, refusing moves out of order', async () => {
    const opened = await post('/api/cases', { householdId: household, personName: '高春梅', summary: '独居，近期跌倒一次' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect(opened.body).toMatchObject({ status: 'intake', masked: false, summary: '独居，近期跌倒一次' });

    const early = await post(`/api/cases/${id}/interventions`, { date: '2026-11-20', method: '入户', content: '上门', minutes: 30 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/接案/);
    const unsatisfied = await post('/api/satisfaction', { subject: { kind: 'case', id }, level: 'satisfied' });
    expect(unsatisfied.status).toBe(409);

    expect(
      (await post(`/api/cases/${id}/assessment`, { problems: '跌倒风险', strengths: '女儿每周来', riskLevel: 'high' })).body.status,
    ).toBe('assessed');
    expect((await post(`/api/cases/${id}/plan`, { goals: ['安装扶手', '每周电话问候'] })).body.status).toBe('planned');
    const served = await post(`/api/cases/${id}/interventions`, {
      date: '2026-11-20',
      method: '资源链接',
      content: '联系维修队安装扶手',
      minutes: 60,
    });
    expect(served.body).toMatchObject({ status: 'in_service', interventions: [expect.objectContaining({ minutes: 60 })] });
    const reviewed = await post(`/api/cases/${id}/review`, { goals: [{ index: 0, achieved: true }], note: '扶手已装' });
    expect(reviewed.body).toMatchObject({
      status: 'reviewing',
      plan: { goals: [expect.objectContaining({ achieved: true }), expect.objectContaining({ achieved: null })] },
    });
    const badGoal = await post(`/api/cases/${id}/review`, { goals: [{ index: 5, achieved: true }] });
    expect(badGoal.status).toBe(400);
    const closed = await post(`/api/cases/${id}/close`, {
      reason: '目标达成',
      outcome: '居家安全改善',
      satisfaction: { level: 'satisfied' },
    });
    expect(closed.body).toMatchObject({ status: 'closed', closure: { reason: '目标达成' } });
    const twice = await post(`/api/cases/${id}/close`, { reason: '其他', outcome: 'x' });
    expect(twice.status).toBe(409);
    const sat = await request(app).get('/api/satisfaction').query({ subjectKind: 'case', subjectId: id }).set(coord.auth);
    expect(sat.body.items).toEqual([expect.objectContaining({ level: 'satisfied', personName: '高春梅' })]);
    const dup = await post('/api/satisfaction', { subject: { kind: 'case', id }, personName: '高春梅', level: 'basic' });
    expect(dup.status).toBe(409);
    expect((await post(`/api/cases/${id}/reopen`)).body.status).toBe('in_service');
  });

  it('is for station staff only: a volunteer is refused', async () => {
    expect((await request(app).get('/api/cases').set(volunteer.auth)).status).toBe(403);
    expect((await request(app).post('/api/groups').set(volunteer.auth).send({ name: 'x', plannedSessions: 1 })).status).toBe(403);
  });
});

describe('groups, activities and referrals', () => {
  it('a group counts sessions and sign-ins of its members only, and closes with an evaluation', async () => {
    const g = await post('/api/groups', { name: '四点半课堂', plannedSessions: 2, members: [{ name: '小明' }, { name: '小红' }] });
    const stranger = await post(`/api/groups/${g.body.id}/sessions`, {
      date: '2026-11-10',
      content: '作业辅导',
      attendance: ['小明', '小刚'],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/小刚/);
    const s1 = await post(`/api/groups/${g.body.id}/sessions`, { date: '2026-11-10', content: '作业辅导', attendance: ['小明', '小红'] });
    expect(s1.body).toMatchObject({ status: 'running', sessionCount: 1, attendanceCount: 2 });
    expect((await post(`/api/groups/${g.body.id}/close`, { evaluation: '出勤稳定' })).body.status).toBe('closed');
    expect((await post(`/api/groups/${g.body.id}/sessions`, { date: '2026-11-11', content: 'x', attendance: [] })).status).toBe(409);
  });

  it("an activity's volunteer hours are confirmed once it was held", async () => {
    const a = await post('/api/activities', {
      title: '义诊',
      date: '2026-11-30',
      kind: '健康义诊',
      status: 'planned',
      volunteers: [{ volunteerId: volunteer.id, hours: 2 }],
    });
    expect(a.status).toBe(201);
    expect((await post(`/api/activities/${a.body.id}/volunteers/${volunteer.id}/confirm`)).status).toBe(409);
    expect((await post(`/api/activities/${a.body.id}/transitions`, { to: 'held', participants: 25 })).body).toMatchObject({
      status: 'held',
      participants: 25,
    });
    const confirmed = await post(`/api/activities/${a.body.id}/volunteers/${volunteer.id}/confirm`);
    expect(confirmed.body.volunteers[0]).toMatchObject({ confirmed: true, hours: 2 });
    expect((await post(`/api/activities/${a.body.id}/transitions`, { to: 'cancelled' })).status).toBe(409);
  });

  it('a referral without an answer after N days becomes "no answer" and reminds; a late answer still closes the loop', async () => {
    const r = await post('/api/referrals', {
      householdId: household,
      target: { kind: 'organisation', name: '临泽县康复中心' },
      request: '康复训练',
      sentAt: new Date(Date.now() - 20 * 86_400_000),
    });
    expect(r.status).toBe(201);
    expect(r.body.target).toEqual({ kind: 'organisation', name: '临泽县康复中心' });
    const unnamed = await post('/api/referrals', { householdId: household, target: { kind: 'organisation' }, request: 'x' });
    expect(unnamed.status).toBe(400);
    expect(await remindUnansweredReferrals(new Date())).toBe(1);
    expect(await remindUnansweredReferrals(new Date())).toBe(0);
    const now = await request(app).get(`/api/referrals/${r.body.id}`).set(coord.auth);
    expect(now.body).toMatchObject({ status: 'no_answer' });
    expect(now.body.remindedAt).not.toBeNull();
    const late = await post(`/api/referrals/${r.body.id}/answer`, { to: 'accepted', answer: '已安排评估' });
    expect(late.body.status).toBe('accepted');
    const loop = await request(app).get('/api/referrals').query({ householdId: household }).set(coord.auth);
    expect(loop.body.items.map((x: { id: string }) => x.id)).toContain(r.body.id);
  });
});
