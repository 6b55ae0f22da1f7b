import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { dayOf, monthOf } from '../../src/shared/china-time.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer } from '../helpers/supply-factories.js';
import { COMMUNITY, householdBody, postHousehold } from '../community/build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });

const member = (name: string) => ({ name, relation: '家属', groups: [] });
let coord: SignedIn;
let admin: SignedIn;
const now = new Date();
const today = dayOf(now);
const month = monthOf(now);

async function ok(res: request.Response, status = 201): Promise<{ id: string; need: { id: string } }> {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; need: { id: string } };
}

/**
 * One month of 沙河镇's work, small enough to count by hand (the expected numbers below are derived in
 * the comments, not by calling the code under test).
 */
beforeAll(async () => {
  await buildStations();
  coord = await buildCoordinator(app, LINZE.shahe);
  admin = await buildAdmin(app);
  const volunteer = await buildVolunteer(app, { stationCode: LINZE.shahe, approver: coord });
  const base = householdBody().members[0];
  // Key targets A (1 person), B (3 people), C (2 people); D is not a key target.
  const A = await postHousehold(app, coord, { headName: '甲户', phone: '13900000001', members: [base] });
  const B = await postHousehold(app, coord, {
    headName: '乙户',
    phone: '13900000002',
    communityCode: COMMUNITY.shaheVillage,
    members: [base, member('乙二'), member('乙三')],
  });
  const C = await postHousehold(app, coord, { headName: '丙户', phone: '13900000003', members: [base, member('丙二')] });
  const D = await postHousehold(app, coord, { headName: '丁户', phone: '13900000004', keyTarget: false });

  // Visits: A by phone, B and D in person (D owes no visit).
  const at = new Date(now.getTime() - 60_000);
  const vA = await ok(
    await request(app)
      .post('/api/visits/records')
      .set(coord.auth)
      .send({ householdId: A, visitedAt: at, mode: 'phone', findings: { health: 'concern' } }),
  );
  await ok(await request(app).post('/api/visits/records').set(coord.auth).send({ householdId: B, visitedAt: at, mode: 'home' }));
  await ok(await request(app).post('/api/visits/records').set(coord.auth).send({ householdId: D, visitedAt: at, mode: 'home' }));
  // A's finding becomes a need (the month's only need: created 1, matched 0, open 1).
  const follow = await ok(
    await request(app)
      .post(`/api/visits/records/${vA.id}/follow-ups`)
      .set(coord.auth)
      .send({ area: 'health', title: '代配药', category: 'medical_escort' }),
  );

  // Case 1 from that need: full cycle, 2 interventions, closed with "satisfied". Case 2 (C): intake only.
  const c1 = await ok(
    await request(app)
      .post('/api/cases')
      .set(coord.auth)
      .send({ householdId: A, personName: '高春梅', source: { kind: 'need', id: follow.need.id } }),
  );
  await ok(
    await request(app).post(`/api/cases/${c1.id}/assessment`).set(coord.auth).send({ problems: '独居，慢病', riskLevel: 'medium' }),
    200,
  );
  await ok(
    await request(app)
      .post(`/api/cases/${c1.id}/plan`)
      .set(coord.auth)
      .send({ goals: ['按时服药', '每周有人探望'] }),
    200,
  );
  for (const content of ['陪同就医', '链接送药服务']) {
    await ok(
      await request(app)
        .post(`/api/cases/${c1.id}/interventions`)
        .set(coord.auth)
        .send({ date: today, method: '陪同', content, minutes: 90 }),
      200,
    );
  }
  await ok(
    await request(app)
      .post(`/api/cases/${c1.id}/close`)
      .set(coord.auth)
      .send({ reason: '目标达成', outcome: '能按时服药', satisfaction: { level: 'satisfied', method: 'in_person' } }),
    200,
  );
  await ok(await request(app).post('/api/cases').set(coord.auth).send({ householdId: C, personName: '丙户' }));

  // A group: 张一 (of household B), 李二, 王三; sessions with 3 and 2 sign-ins. 李二 basic, 王三 dissatisfied.
  const group = await ok(
    await request(app)
      .post('/api/groups')
      .set(coord.auth)
      .send({
        name: '老年健康互助小组',
        aim: '慢病自我管理',
        plannedSessions: 4,
        members: [{ name: '张一', householdId: B }, { name: '李二' }, { name: '王三' }],
      }),
  );
  await ok(
    await request(app)
      .post(`/api/groups/${group.id}/sessions`)
      .set(coord.auth)
      .send({ date: today, content: '认识慢病', attendance: ['张一', '李二', '王三'] }),
  );
  await ok(
    await request(app)
      .post(`/api/groups/${group.id}/sessions`)
      .set(coord.auth)
      .send({ date: today, content: '合理用药', attendance: ['张一', '李二'] }),
  );
  for (const [personName, level] of [
    ['李二', 'basic'],
    ['王三', 'dissatisfied'],
  ]) {
    await ok(
      await request(app)
        .post('/api/satisfaction')
        .set(coord.auth)
        .send({ subject: { kind: 'group', id: group.id }, personName, level }),
    );
  }

  // A held activity: 40 participants, sign-ins 赵四 and 李二, one volunteer for 3 confirmed hours.
  const activity = await ok(
    await request(app)
      .post('/api/activities')
      .set(coord.auth)
      .send({
        title: '重阳节敬老活动',
        date: today,
        kind: '节日慰问',
        participants: 40,
        signIns: ['赵四', '李二'],
        volunteers: [{ volunteerId: volunteer.id, hours: 3 }],
      }),
  );
  await ok(await request(app).post(`/api/activities/${activity.id}/volunteers/${volunteer.id}/confirm`).set(coord.auth), 200);

  // Referrals: D to 残联 (no answer yet), C to 民政办 (resolved).
  await ok(
    await request(app)
      .post('/api/referrals')
      .set(coord.auth)
      .send({ householdId: D, target: { kind: 'disability' }, request: '办理残疾证' }),
  );
  const r2 = await ok(
    await request(app)
      .post('/api/referrals')
      .set(coord.auth)
      .send({ householdId: C, target: { kind: 'civil_affairs' }, request: '申请临时救助' }),
  );
  await ok(
    await request(app).post(`/api/referrals/${r2.id}/answer`).set(coord.auth).send({ to: 'resolved', answer: '已发放临时救助金' }),
    200,
  );
});

/** The numbers, counted by hand from the records above. */
const expected = {
  // visits 3 + case interventions 2 + group sign-ins 5 + activity participants 40 + completed assignments 0
  servicePersonTimes: 50,
  // households A, B, D (visits), A (case), C, D (referrals), B (张一); names 李二, 王三, 赵四
  servicePeople: 7,
  visits: 3,
  homeVisits: 2,
  keyTargetHouseholds: 3,
  keyTargetHouseholdsVisited: 2,
  householdVisitRate: 2 / 3,
  keyTargetPeople: 6,
  keyTargetPeopleVisited: 4,
  personVisitRate: 4 / 6,
  casesOpened: 2,
  casesClosed: 1,
  casesActive: 1,
  caseServiceTimes: 2,
  groups: 1,
  groupSessions: 2,
  groupAttendance: 5,
  activities: 1,
  activityParticipants: 40,
  referrals: 2,
  referralOutcomes: { sent: 1, accepted: 0, resolved: 1, refused: 0, no_answer: 0 },
  volunteerServiceTimes: 1,
  volunteerHours: 3,
  satisfactionAnswers: 3,
  satisfied: 1,
  basicallySatisfied: 1,
  dissatisfied: 1,
  satisfactionRate: 2 / 3,
  openNeeds: 1,
  needsCreated: 1,
  needsMatched: 0,
  matchRate: 0,
};

describe('station statistics', () => {
  it("the station's month equals the hand count", async () => {
    const res = await request(app).get('/api/stats/stations').query({ period: month }).set(coord.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: month, kind: 'month', months: [month] });
    expect(res.body.stations).toHaveLength(1);
    expect(res.body.stations[0]).toMatchObject({ stationCode: LINZE.shahe, ...expected });
  });

  it('the quarter and the year containing the month count the same work', async () => {
    const q = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`;
    for (const period of [q, month.slice(0, 4)]) {
      const res = await request(app).get('/api/stats/stations').query({ period }).set(coord.auth);
      expect(res.status).toBe(200);
      expect(res.body.stations[0]).toMatchObject(expected);
    }
  });

  it('the county admin sees open stations only, and a county total', async () => {
    const res = await request(app).get('/api/stats/stations').query({ period: month }).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.county).toMatchObject({ stationCode: LINZE.county, ...expected });
    const closed = await request(app).patch(`/api/stations/${LINZE.pingchuan}`).set(admin.auth).send({ active: false });
    expect(closed.status).toBe(200);
    const after = await request(app).get('/api/stats/stations').query({ period: month }).set(admin.auth);
    expect(after.body.stations.map((s: { stationCode: string }) => s.stationCode)).not.toContain(LINZE.pingchuan);
    const reopened = await request(app).post(`/api/stations/${LINZE.pingchuan}/open`).set(admin.auth);
    expect(reopened.body.active).toBe(true);
  });

  it('the month report reads the same numbers', async () => {
    const res = await request(app).get('/api/reports/stations').query({ month }).set(coord.auth);
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({
      keyTargetVisitsDue: 3,
      keyTargetVisitsDone: 2,
      visitRate: 2 / 3,
      volunteerHours: 3,
      needsCreated: 1,
    });
  });

  it('refuses a malformed period with a Chinese message', async () => {
    const res = await request(app).get('/api/stats/stations').query({ period: '2026-13' }).set(coord.auth);
    expect(res.status).toBe(400);
  });
});
