import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { ANONYMISED } from '../../src/privacy/anonymise.js';
import { privacyRepository } from '../../src/privacy/repository.js';
import { applyRetention } from '../../src/privacy/retention.js';
import { postHousehold, postNeed } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();

const settings = { RETENTION_DAYS: 1095, AUDIT_RETENTION_DAYS: 1825 };
const YEAR_MS = 365 * 86_400_000;
const PERSONAL = ['高春梅', '13984541897', '620723193805129082', '东关街11号楼', '高血压', '腿脚不便', '老人说'];

let app: Express;
let admin: SignedIn;
let coordinator: SignedIn;

beforeAll(async () => {
  await buildStations();
  app = createApp({ log: testLog, auth: testAuth });
  admin = await buildAdmin(app);
  coordinator = await buildCoordinator(app, LINZE.shahe);
});

async function records(householdId: string) {
  const h = await privacyRepository.household(LINZE.county, householdId);
  return privacyRepository.recordsOf(h!);
}

describe('retention', () => {
  it('anonymises closed needs, finished visits and archived households past the period, keeping the statistics', async () => {
    const householdId = await postHousehold(app, coordinator);
    const closedId = await postNeed(app, coordinator, { householdId, category: 'meal', urgency: 'high' });
    const openId = await postNeed(app, coordinator, { householdId, category: 'medical_escort', title: '高春梅陪诊' });
    const closed = await request(app)
      .post(`/api/needs/${closedId}/transitions`)
      .set(coordinator.auth)
      .send({ to: 'closed', note: '老人说不需要了' });
    expect(closed.status).toBe(200);
    const visit = await request(app)
      .post('/api/visits/records')
      .set(coordinator.auth)
      .send({
        householdId,
        visitedAt: new Date().toISOString(),
        mode: 'home',
        note: '高春梅高血压，腿脚不便',
        location: { lat: 39.15123, lng: 100.16234 },
        photos: ['photo-1'],
      });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const opened = await request(app)
      .post('/api/cases')
      .set(coordinator.auth)
      .send({ householdId, personName: '高春梅', summary: '高春梅独居，腿脚不便' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const closedCase = await request(app)
      .post(`/api/cases/${opened.body.id}/close`)
      .set(coordinator.auth)
      .send({ reason: '目标达成', outcome: '高春梅生活改善' });
    expect(closedCase.status, JSON.stringify(closedCase.body)).toBe(200);
    const archivedId = await postHousehold(app, coordinator, { headName: '李秀英', phone: '13900001111', members: [] });
    expect((await request(app).delete(`/api/households/${archivedId}`).set(coordinator.auth)).status).toBe(204);

    const before = await records(householdId);
    // Within the period nothing changes.
    const early = await applyRetention(new Date(Date.now() + YEAR_MS), settings);
    expect(early).toMatchObject({ needs: 0, cases: 0, visitRecords: 0, households: 0 });

    const counts = await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings);
    expect(counts.needs).toBeGreaterThanOrEqual(1);
    expect(counts.cases).toBeGreaterThanOrEqual(1);
    expect(counts.visitRecords).toBeGreaterThanOrEqual(1);
    expect(counts.households).toBeGreaterThanOrEqual(1);

    const after = await records(householdId);
    const closedBefore = before.needs.find((n) => String(n._id) === closedId)!;
    const closedAfter = after.needs.find((n) => String(n._id) === closedId)!;
    // Statistics intact.
    for (const field of [
      'category',
      'status',
      'stationCode',
      'communityCode',
      'urgency',
      'groups',
      'householdId',
      'createdAt',
      'source',
    ] as const) {
      expect(closedAfter[field]).toEqual(closedBefore[field]);
    }
    expect(closedAfter.history.map((h) => [h.from, h.to, h.at])).toEqual(closedBefore.history.map((h) => [h.from, h.to, h.at]));
    // Personal fields gone.
    expect(closedAfter.title).toBe(ANONYMISED);
    expect(closedAfter.description).toBe('');
    expect(closedAfter.history.every((h) => h.note === null)).toBe(true);
    expect(JSON.stringify(closedAfter)).not.toMatch(new RegExp(PERSONAL.join('|')));
    // The open need and the living household are untouched.
    expect(after.needs.find((n) => String(n._id) === openId)!.title).toBe('高春梅陪诊');
    expect(after.household.headName).toBe('高春梅');
    const visitAfter = after.visitRecords.find((v) => String(v._id) === visit.body.id)!;
    expect(visitAfter).toMatchObject({ mode: 'home', note: ANONYMISED, photos: [], location: { lat: 39.15, lng: 100.16 } });
    expect(visitAfter.findings).toEqual({ health: 'good', living: 'good', safety: 'good', mood: 'good' });
    const caseAfter = after.cases.find((c) => String(c._id) === opened.body.id)!;
    expect(caseAfter).toMatchObject({
      status: 'closed',
      personName: ANONYMISED,
      summary: '',
      closure: { reason: '目标达成', outcome: ANONYMISED },
    });
    expect(JSON.stringify([visitAfter, caseAfter])).not.toMatch(new RegExp(PERSONAL.join('|')));

    const archived = (await privacyRepository.household(LINZE.county, archivedId))!;
    expect(archived).toMatchObject({
      headName: ANONYMISED,
      phone: null,
      address: ANONYMISED,
      communityCode: '620723101002',
      keyTarget: true,
    });
    expect(archived.groups).toEqual(['独居老人', '高龄老人']);

    // A second pass finds nothing left to do.
    expect(await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings)).toMatchObject({
      needs: 0,
      cases: 0,
      visitRecords: 0,
      households: 0,
    });
  });

  it('anonymises finished assignments past the period, keeping hours and status', async () => {
    const volunteer = await buildVolunteer(app);
    const householdId = await postHousehold(app, coordinator);
    const needId = await postNeed(app, coordinator, { householdId });
    const assigned = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const id = assigned.body.id as string;
    expect((await request(app).post(`/api/assignments/${id}/accept`).set(volunteer.auth)).status).toBe(200);
    expect((await request(app).post(`/api/assignments/${id}/start`).set(volunteer.auth)).status).toBe(200);
    const done = await request(app)
      .post(`/api/assignments/${id}/complete`)
      .set(volunteer.auth)
      .send({ hours: 2, feedback: '高春梅腿脚不便，已送餐' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings);
    const [after] = (await records(householdId)).assignments;
    expect(after).toMatchObject({ status: 'completed', hours: 2, needCategory: 'meal', stationCode: LINZE.shahe, feedback: ANONYMISED });
    expect(after!.history.map((h) => h.to)).toEqual(['pending', 'accepted', 'in_progress', 'completed']);
    expect(JSON.stringify(after)).not.toMatch(new RegExp(PERSONAL.join('|')));
  });

  it('anonymises closed groups, satisfaction answers and past activities, keeping 场次, 人次 and levels', async () => {
    const householdId = await postHousehold(app, coordinator);
    const group = await request(app)
      .post('/api/groups')
      .set(coordinator.auth)
      .send({ name: '康复小组', plannedSessions: 1, members: [{ name: '高春梅', householdId }, { name: '张桂兰' }] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const groupId = group.body.id as string;
    const session = await request(app)
      .post(`/api/groups/${groupId}/sessions`)
      .set(coordinator.auth)
      .send({ date: '2026-11-10', content: '康复训练', attendance: ['高春梅', '张桂兰'] });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect((await request(app).post(`/api/groups/${groupId}/close`).set(coordinator.auth).send({ evaluation: '出勤稳定' })).status).toBe(
      200,
    );
    const answer = await request(app)
      .post('/api/satisfaction')
      .set(coordinator.auth)
      .send({ subject: { kind: 'group', id: groupId }, personName: '高春梅', level: 'basic', note: '高春梅腿脚不便，希望上门' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const activity = await request(app)
      .post('/api/activities')
      .set(coordinator.auth)
      .send({
        title: '重阳慰问',
        date: '2026-11-20',
        kind: '节日慰问',
        participants: 2,
        signIns: ['高春梅', '张桂兰'],
        note: '高春梅高血压',
      });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    const statsBefore = await request(app).get('/api/stats/stations').query({ period: '2026-11' }).set(coordinator.auth);

    expect(await applyRetention(new Date(Date.now() + YEAR_MS), settings)).toMatchObject({
      groups: 0,
      satisfactionAnswers: 0,
      activities: 0,
    });
    const counts = await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings);
    expect(counts.groups).toBeGreaterThanOrEqual(1);
    expect(counts.satisfactionAnswers).toBeGreaterThanOrEqual(1);
    expect(counts.activities).toBeGreaterThanOrEqual(1);

    const groupAfter = (await request(app).get(`/api/groups/${groupId}`).set(coordinator.auth)).body;
    expect(groupAfter.members).toHaveLength(2);
    expect(groupAfter.sessions[0].attendance).toHaveLength(2);
    // Each member keeps a name of their own, so sign-ins still count distinct people.
    expect(new Set(groupAfter.members.map((m: { name: string }) => m.name)).size).toBe(2);
    const answers = (await request(app).get('/api/satisfaction').query({ subjectKind: 'group', subjectId: groupId }).set(coordinator.auth))
      .body;
    expect(answers.items).toEqual([expect.objectContaining({ personName: ANONYMISED, note: '', level: 'basic' })]);
    const activityAfter = (await request(app).get(`/api/activities/${activity.body.id}`).set(coordinator.auth)).body;
    expect(activityAfter).toMatchObject({ participants: 2, note: ANONYMISED, kind: '节日慰问' });
    expect(activityAfter.signIns).toHaveLength(2);
    expect(JSON.stringify([groupAfter, answers, activityAfter])).not.toMatch(new RegExp(PERSONAL.join('|') + '|张桂兰'));
    // The month's counts add up as before. Only "distinct people" may grow: one name seen in a group and in an
    // activity was one person; anonymised, they are two (past months are read from frozen snapshots).
    const statsAfter = await request(app).get('/api/stats/stations').query({ period: '2026-11' }).set(coordinator.auth);
    const withoutPeople = (body: { stations: Array<Record<string, unknown>> }) =>
      body.stations.map(({ servicePeople: _people, ...rest }) => rest);
    expect(withoutPeople(statsAfter.body)).toEqual(withoutPeople(statsBefore.body));
    expect(await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings)).toMatchObject({
      groups: 0,
      satisfactionAnswers: 0,
      activities: 0,
    });
  });

  it('keeps audit entries for their own period, then deletes them', async () => {
    const householdId = await postHousehold(app, coordinator);
    expect((await request(app).get(`/api/households/${householdId}`).set(coordinator.auth)).status).toBe(200);
    const { auditEntries } = await records(householdId);
    expect(auditEntries.length).toBeGreaterThan(0);
    expect((await applyRetention(new Date(Date.now() + 4 * YEAR_MS), settings)).auditEntriesDeleted).toBe(0);
    expect((await applyRetention(new Date(Date.now() + 6 * YEAR_MS), settings)).auditEntriesDeleted).toBeGreaterThan(0);
    expect((await records(householdId)).auditEntries).toHaveLength(0);
  });
});

describe('a person’s data on request', () => {
  let householdId: string;
  let needIds: string[];
  let groupId: string;

  beforeAll(async () => {
    householdId = await postHousehold(app, coordinator);
    needIds = [
      await postNeed(app, coordinator, { householdId }),
      await postNeed(app, coordinator, { householdId, category: 'daily_care' }),
    ];
    const opened = await request(app)
      .post('/api/cases')
      .set(coordinator.auth)
      .send({ householdId, personName: '高春梅', summary: '高春梅独居' });
    expect(opened.status).toBe(201);
    const referred = await request(app)
      .post('/api/referrals')
      .set(coordinator.auth)
      .send({ householdId, target: { kind: 'disability' }, request: '高春梅腿脚不便，申请辅具' });
    expect(referred.status, JSON.stringify(referred.body)).toBe(201);
    const helper = await buildVolunteer(app);
    const assigned = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId: needIds[0], candidate: { kind: 'volunteer', id: helper.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const group = await request(app)
      .post('/api/groups')
      .set(coordinator.auth)
      .send({ name: '读书会', plannedSessions: 2, members: [{ name: '高春梅', householdId }, { name: '王建国' }] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    groupId = group.body.id as string;
    const session = await request(app)
      .post(`/api/groups/${groupId}/sessions`)
      .set(coordinator.auth)
      .send({ date: '2026-11-12', content: '读报', attendance: ['高春梅', '王建国'] });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    for (const personName of ['高春梅', '王建国']) {
      const answer = await request(app)
        .post('/api/satisfaction')
        .set(coordinator.auth)
        .send({ subject: { kind: 'group', id: groupId }, personName, level: 'satisfied', note: `${personName}说很好` });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  });

  it('exports everything held about one household to the county admin, audited; nobody else may', async () => {
    const res = await request(app).get(`/api/privacy/households/${householdId}/export`).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`household-${householdId}.json`);
    expect(res.body.household).toMatchObject({ headName: '高春梅', phone: '13984541897' });
    expect(res.body.household.members[0].idNumber).toBe('620723193805129082');
    expect(res.body.needs.map((n: { _id: string }) => n._id).sort()).toEqual([...needIds].sort());
    expect(res.body.cases).toEqual([expect.objectContaining({ personName: '高春梅' })]);
    expect(res.body.referrals).toEqual([expect.objectContaining({ request: '高春梅腿脚不便，申请辅具' })]);
    // The household's part in a group and its own answers; the other member is another person's data.
    expect(res.body.groups).toEqual([
      {
        groupId,
        groupName: '读书会',
        status: 'running',
        members: ['高春梅'],
        sessionsAttended: [{ no: 1, date: '2026-11-12', content: '读报', attended: ['高春梅'] }],
      },
    ]);
    expect(res.body.satisfactionAnswers).toEqual([expect.objectContaining({ personName: '高春梅', note: '高春梅说很好' })]);
    expect(JSON.stringify(res.body)).not.toContain('王建国');
    const trail = await request(app).get('/api/audit').query({ entity: 'household', entityId: householdId }).set(admin.auth);
    expect(trail.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'export', actorId: admin.userId })]));

    expect((await request(app).get(`/api/privacy/households/${householdId}/export`).set(coordinator.auth)).status).toBe(403);
    const otherCounty = await buildAdmin(app, '620702');
    expect((await request(app).get(`/api/privacy/households/${householdId}/export`).set(otherCounty.auth)).status).toBe(404);
  });

  it('erases a household on request: personal fields gone everywhere, statistics kept, audited', async () => {
    expect(
      (await request(app).post(`/api/privacy/households/${householdId}/erase`).set(admin.auth).send({ reason: '本人申请' })).status,
    ).toBe(400);
    const res = await request(app)
      .post(`/api/privacy/households/${householdId}/erase`)
      .set(admin.auth)
      .send({ confirm: true, reason: '本人申请删除' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ households: 1, needs: 2, assignments: 1, cases: 1, referrals: 1, groups: 1, satisfactionAnswers: 1 });

    const after = await records(householdId);
    expect(after.household).toMatchObject({ headName: ANONYMISED, phone: null, address: ANONYMISED, notes: null, sourceKeys: [] });
    expect(after.household.members).toHaveLength(1);
    expect(after.household.members[0]).toMatchObject({
      name: ANONYMISED,
      relation: '本人',
      gender: 'female',
      birthYear: 1930,
      groups: ['独居老人'],
    });
    expect(after.household.members[0]!.idNumber).toBeUndefined();
    expect(after.household.members[0]!.phone).toBeUndefined();
    expect(after.household.members[0]!.health).toBeUndefined();
    expect(after.needs.map((n) => n.category).sort()).toEqual(['daily_care', 'meal']);
    expect(after.needs.every((n) => n.title === ANONYMISED && n.description === '')).toBe(true);
    expect(after.cases).toEqual([expect.objectContaining({ personName: ANONYMISED, summary: '', status: 'intake' })]);
    // The referral keeps its target and status (the closed-loop rate); what was asked goes.
    expect(after.referrals).toEqual([
      expect.objectContaining({ request: ANONYMISED, status: 'sent', target: { kind: 'disability', name: '残联' } }),
    ]);
    expect(after.assignments).toEqual([expect.objectContaining({ status: 'pending', feedback: ANONYMISED })]);
    // The coordinator's board shows the anonymised need at once (its mirror got each written record).
    const board = await request(app).get('/api/needs').query({ householdId }).set(coordinator.auth);
    expect(board.body.items.map((n: { title: string }) => n.title)).toEqual([ANONYMISED, ANONYMISED]);
    const { auditEntries, ...held } = after;
    expect(JSON.stringify(held)).not.toMatch(new RegExp(PERSONAL.join('|')));
    // In the group only this household's member lost the name; the other member and their answer are untouched.
    const groupAfter = (await request(app).get(`/api/groups/${groupId}`).set(coordinator.auth)).body;
    expect(groupAfter.members.map((m: { name: string }) => m.name)).toEqual([expect.stringMatching(/^已匿名/), '王建国']);
    expect(groupAfter.sessions[0].attendance).toEqual([groupAfter.members[0].name, '王建国']);
    const answers = (await request(app).get('/api/satisfaction').query({ subjectKind: 'group', subjectId: groupId }).set(coordinator.auth))
      .body;
    expect(answers.items.map((a: { personName: string; note: string }) => [a.personName, a.note]).sort()).toEqual(
      [
        [ANONYMISED, ''],
        ['王建国', '王建国说很好'],
      ].sort(),
    );
    // The reason the admin gave (the person's request) is kept with the audit entry.
    expect(auditEntries).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'write', actorId: admin.userId, reason: '本人申请删除' })]),
    );
  });
});
