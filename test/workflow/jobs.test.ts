import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { AssignmentModel } from '../../src/assignments/model.js';
import { remindUnansweredTask } from '../../src/jobs/tasks/remind-unanswered.js';
import { expireResourcesTask } from '../../src/jobs/tasks/expire-resources.js';
import { monthlyVisitsTask } from '../../src/jobs/tasks/monthly-visits.js';
import { rematchOpenNeedsTask } from '../../src/jobs/tasks/rematch-open-needs.js';
import { nightlyStatsTask } from '../../src/jobs/tasks/nightly-stats.js';
import { needBody, postHousehold } from '../community/build.js';
import { eventually, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { useLiveServer, type TestServer } from '../helpers/server.js';
import { buildCharity, buildResource, buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const live = useLiveServer();
let server: TestServer;
let coordinator: SignedIn;

beforeAll(async () => {
  server = live.server;
  coordinator = await buildCoordinator(server.app, LINZE.yanuan);
});

const HOUR = 3_600_000;
const helperProfile = {
  skills: ['送餐'],
  description: '可以帮忙送饭',
  availability: [{ day: 1, start: '10:00', end: '14:00' }],
  location: { lat: 39.21, lng: 100.04 },
  radiusKm: 8,
  maxActive: 2,
};

describe('reminders and escalation', () => {
  it('an unanswered assignment is reminded after N hours, then expires after M hours and the next-best candidate is proposed', async () => {
    const first = await buildVolunteer(server.app, { stationCode: LINZE.yanuan, approver: coordinator, profile: helperProfile });
    await buildVolunteer(server.app, {
      stationCode: LINZE.yanuan,
      approver: coordinator,
      profile: { ...helperProfile, location: { lat: 39.215, lng: 100.045 } },
    });
    const board = await live.connect(coordinator.token);
    const phone = await live.connect(first.token);
    const need = await request(server.app)
      .post('/api/needs')
      .set(coordinator.auth)
      .send(needBody({ communityCode: '620723106208', location: { lat: 39.21, lng: 100.04 } }));
    const assigned = await request(server.app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId: need.body.id, candidate: { kind: 'volunteer', id: first.id } });
    expect(assigned.status).toBe(201);

    const soon = await remindUnansweredTask.run({ now: new Date(), log: testLog });
    expect(soon).toEqual({ reminded: 0, escalated: 0 });

    const later = await remindUnansweredTask.run({ now: new Date(Date.now() + 5 * HOUR), log: testLog });
    expect(later.reminded).toBeGreaterThanOrEqual(1);
    await eventually(async () =>
      expect(phone.events.some((e) => e.type === 'reminder.due' && e.payload.assignmentId === assigned.body.id)).toBe(true),
    );
    // A second run does not remind twice.
    const again = await remindUnansweredTask.run({ now: new Date(Date.now() + 5 * HOUR), log: testLog });
    expect(again.reminded).toBe(0);

    const overdue = await remindUnansweredTask.run({ now: new Date(Date.now() + 25 * HOUR), log: testLog });
    expect(overdue.escalated).toBeGreaterThanOrEqual(1);
    expect((await AssignmentModel.findById(assigned.body.id).lean())?.status).toBe('expired');
    await eventually(async () => {
      const proposal = board.events.find((e) => e.type === 'match.proposed' && e.payload.needId === need.body.id);
      expect(proposal).toBeDefined();
      expect((proposal!.payload.candidate as { id: string } | null)?.id).not.toBe(first.id);
    });
  });
});

describe('scheduled re-matching', () => {
  it('proposes to coordinators by default, and assigns by itself once the county admin sets a station threshold', async () => {
    const admin = await buildAdmin(server.app);
    const coordinatorP = await buildCoordinator(server.app, LINZE.pingchuan);
    const volunteer = await buildVolunteer(server.app, {
      stationCode: LINZE.pingchuan,
      approver: coordinatorP,
      profile: { ...helperProfile, location: { lat: 39.23, lng: 100.13 } },
    });
    const board = await live.connect(coordinatorP.token);
    const phone = await live.connect(volunteer.token);
    const need = await request(server.app)
      .post('/api/needs')
      .set(coordinatorP.auth)
      .send(needBody({ communityCode: '620723104204', location: { lat: 39.231, lng: 100.131 } }));
    expect(need.status).toBe(201);

    const proposed = await rematchOpenNeedsTask.run({ now: new Date(), log: testLog });
    expect(proposed.autoAssigned).toBe(0);
    await eventually(async () =>
      expect(board.events.some((e) => e.type === 'match.proposed' && e.payload.needId === need.body.id)).toBe(true),
    );

    const bad = await request(server.app).patch(`/api/stations/${LINZE.pingchuan}`).set(admin.auth).send({ autoAssignMinScore: 7 });
    expect(bad.status).toBe(400);
    expect(
      (await request(server.app).patch(`/api/stations/${LINZE.pingchuan}`).set(coordinatorP.auth).send({ autoAssignMinScore: 0.5 })).status,
    ).toBe(403);
    const set = await request(server.app).patch(`/api/stations/${LINZE.pingchuan}`).set(admin.auth).send({ autoAssignMinScore: 0.5 });
    expect(set.status).toBe(200);
    expect(set.body.autoAssignMinScore).toBe(0.5);

    const auto = await rematchOpenNeedsTask.run({ now: new Date(), log: testLog });
    expect(auto.autoAssigned).toBeGreaterThanOrEqual(1);
    await eventually(async () =>
      expect(phone.events.some((e) => e.type === 'assignment.created' && e.payload.needId === need.body.id)).toBe(true),
    );
    const after = await request(server.app).get(`/api/needs/${need.body.id}`).set(coordinatorP.auth);
    expect(after.body.status).toBe('assigned');
  });
});

describe('monthly visits and station reports', () => {
  it('creates one visit task per key target per month (idempotent), and the visit rate follows completed visits', async () => {
    const h1 = await postHousehold(server.app, coordinator, {
      communityCode: '620723106208',
      keyTarget: true,
      headName: '李玉兰',
      phone: '13900000001',
    });
    await postHousehold(server.app, coordinator, {
      communityCode: '620723106208',
      keyTarget: true,
      headName: '王德福',
      phone: '13900000002',
    });
    await postHousehold(server.app, coordinator, {
      communityCode: '620723106208',
      keyTarget: false,
      headName: '赵明',
      phone: '13900000003',
    });
    const first = await monthlyVisitsTask.run({ now: new Date(), log: testLog });
    // Households flagged as key targets got this month's task when they were recorded (issue 13).
    expect(first.created).toBe(0);
    expect((await monthlyVisitsTask.run({ now: new Date(), log: testLog })).created).toBe(0);

    const list = await request(server.app).get('/api/visits').set(coordinator.auth);
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((v: { stationCode: string }) => v.stationCode === LINZE.yanuan);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const visit = mine.find((v: { householdId: string }) => v.householdId === h1);
    const done = await request(server.app).post(`/api/visits/${visit.id}/complete`).set(coordinator.auth).send({ note: '老人身体尚可' });
    expect(done.status).toBe(200);
    expect((await request(server.app).post(`/api/visits/${visit.id}/complete`).set(coordinator.auth).send({})).status).toBe(409);
    const other = await buildCoordinator(server.app, LINZE.shahe);
    expect((await request(server.app).post(`/api/visits/${visit.id}/complete`).set(other.auth).send({})).status).toBe(404);

    const admin = await buildAdmin(server.app);
    const report = await request(server.app).get('/api/reports/stations').set(admin.auth);
    expect(report.status).toBe(200);
    const yanuan = report.body.find((r: { stationCode: string }) => r.stationCode === LINZE.yanuan);
    expect(yanuan.keyTargetVisitsDone).toBe(1);
    expect(yanuan.visitRate).toBeCloseTo(1 / yanuan.keyTargetVisitsDue);
    expect(yanuan.needsCreated).toBeGreaterThanOrEqual(1);
    expect(yanuan.needsMatched).toBeGreaterThanOrEqual(1);
    expect(yanuan.matchRate).toBeGreaterThan(0);
    expect(report.body.every((r: { stationCode: string }) => r.stationCode.startsWith(LINZE.county))).toBe(true);

    const own = await request(server.app).get('/api/reports/stations').set(coordinator.auth);
    expect(own.body.map((r: { stationCode: string }) => r.stationCode)).toEqual([LINZE.yanuan]);

    const stats = await nightlyStatsTask.run({ now: new Date(), log: testLog });
    expect(stats.counties).toBeGreaterThanOrEqual(1);
  });
});

describe('resource expiry', () => {
  it('tells the charity once when its resource passes its expiry', async () => {
    const charity = await buildCharity(server.app);
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString();
    const resource = await buildResource(server.app, charity, { expiresAt: tomorrow });
    const inbox = await live.connect(charity.token);

    expect((await expireResourcesTask.run({ now: new Date(), log: testLog })).notified).toBe(0);
    const later = new Date(Date.now() + 48 * HOUR);
    expect((await expireResourcesTask.run({ now: later, log: testLog })).notified).toBe(1);
    expect((await expireResourcesTask.run({ now: later, log: testLog })).notified).toBe(0);
    await eventually(async () =>
      expect(
        inbox.events.some((e) => e.type === 'resource.updated' && e.payload.resourceId === resource.id && e.payload.expired === true),
      ).toBe(true),
    );
  });
});
