import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { monthOf } from '../../src/shared/china-time.js';
import { createMonthlyVisitTasks } from '../../src/visits/tasks.js';
import { visitTasks } from '../../src/visits/repository.js';
import { createHousehold } from '../../src/households/service.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { COMMUNITY, householdBody, postHousehold } from '../community/build.js';
import { HouseholdCreateSchema } from '../../src/households/schema.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const shaheScope = { kind: 'station', countyCode: LINZE.county, stationCode: LINZE.shahe } as const;
const DAY = 86_400_000;
const KEY_HOUSEHOLDS = 150;

let coord: SignedIn;
let volunteer: BuiltVolunteer;

beforeAll(async () => {
  await buildStations();
  coord = await buildCoordinator(app, LINZE.shahe);
  volunteer = await buildVolunteer(app, { stationCode: LINZE.shahe, approver: coord });
  // Key targets of 沙河镇, in two communities; each gets its task at once when created.
  for (let i = 0; i < KEY_HOUSEHOLDS; i++) {
    const input = HouseholdCreateSchema.parse(
      householdBody({
        headName: `测试户${i}`,
        phone: `1398454${String(1000 + i)}`,
        communityCode: i % 3 === 0 ? COMMUNITY.shaheVillage : COMMUNITY.shahe,
        members: i % 2 ? [householdBody().members[0], { name: '配偶', relation: '配偶', groups: [] }] : [householdBody().members[0]],
      }),
    );
    await createHousehold({ scope: shaheScope, by: 'test', input });
  }
});

/** A simple read with a deadline: the database must still answer within a second. */
async function timedRead(): Promise<number> {
  const started = performance.now();
  await Promise.race([
    visitTasks.unscoped.count({}),
    new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 1 s')), 1000).unref()),
  ]);
  return performance.now() - started;
}

describe('monthly visit tasks', () => {
  it('re-running the monthly job when the tasks exist leaves the database answering within a second', async () => {
    const now = new Date();
    const month = monthOf(now);
    for (let run = 1; run <= 3; run++) {
      const result = await createMonthlyVisitTasks(now);
      expect(result.created).toBe(0);
      expect(await timedRead()).toBeLessThan(1000);
    }
    expect(await visitTasks.unscoped.count({ month, stationCode: LINZE.shahe })).toBe(KEY_HOUSEHOLDS);
  });

  it('a household flagged as a key target mid-month gets its task at once', async () => {
    const id = await postHousehold(app, coord, { headName: '周桂兰', phone: '13984549999', keyTarget: false });
    let list = await request(app).get('/api/visits').query({ limit: 500 }).set(coord.auth);
    expect(list.body.items.some((t: { householdId: string }) => t.householdId === id)).toBe(false);
    const flagged = await request(app).patch(`/api/households/${id}`).set(coord.auth).send({ keyTarget: true });
    expect(flagged.status).toBe(200);
    list = await request(app).get('/api/visits').query({ limit: 500 }).set(coord.auth);
    const task = list.body.items.find((t: { householdId: string }) => t.householdId === id);
    expect(task).toMatchObject({ status: 'due', month: monthOf(new Date()), headName: '周桂兰' });
  });
});

describe('visit records', () => {
  let taskId: string;
  let householdId: string;

  beforeAll(async () => {
    const list = await request(app).get('/api/visits').query({ communityCode: COMMUNITY.shaheVillage, limit: 5 }).set(coord.auth);
    taskId = list.body.items[0].id;
    householdId = list.body.items[0].householdId;
  });

  it('a backdated phone visit completes the task; its finding becomes a need linked to the visit', async () => {
    const visitedAt = new Date(Date.now() - 2 * DAY);
    const res = await request(app)
      .post('/api/visits/records')
      .set(coord.auth)
      .send({ householdId, visitedAt, mode: 'phone', findings: { health: 'concern' }, note: '血压偏高，药快吃完了' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mode: 'phone', byVolunteer: false, findings: { health: 'concern', mood: 'good' }, masked: false });
    const follow = await request(app)
      .post(`/api/visits/records/${res.body.id}/follow-ups`)
      .set(coord.auth)
      .send({ area: 'health', title: '代配降压药', category: 'medical_escort', urgency: 'high' });
    expect(follow.status).toBe(201);
    expect(follow.body.need).toMatchObject({ householdId, title: '代配降压药', status: 'open' });
    expect(follow.body.record.followUps).toEqual([expect.objectContaining({ area: 'health', needId: follow.body.need.id })]);
    const need = await request(app).get(`/api/needs/${follow.body.need.id}`).set(coord.auth);
    expect(need.status).toBe(200);
    const again = await request(app)
      .post(`/api/visits/records/${res.body.id}/follow-ups`)
      .set(coord.auth)
      .send({ area: 'health', title: '重复' });
    expect(again.status).toBe(409);
    if (monthOf(visitedAt) === monthOf(new Date())) {
      const list = await request(app).get('/api/visits').query({ communityCode: COMMUNITY.shaheVillage, limit: 500 }).set(coord.auth);
      expect(list.body.items.find((t: { id: string }) => t.id === taskId)).toMatchObject({ status: 'done', recordId: res.body.id });
    }
  });

  it('refuses a visit older than the allowed backdating, or in the future, with a Chinese message', async () => {
    const old = await request(app)
      .post('/api/visits/records')
      .set(coord.auth)
      .send({ householdId, visitedAt: new Date(Date.now() - 8 * DAY), mode: 'home' });
    expect(old.status).toBe(400);
    expect(old.body.error.message).toMatch(/只能补录 7 天内/);
    const future = await request(app)
      .post('/api/visits/records')
      .set(coord.auth)
      .send({ householdId, visitedAt: new Date(Date.now() + DAY), mode: 'home' });
    expect(future.status).toBe(400);
    const badMode = await request(app)
      .post('/api/visits/records')
      .set(coord.auth)
      .send({ householdId, visitedAt: new Date(), mode: 'letter' });
    expect(badMode.status).toBe(400);
  });

  it('a volunteer records only the visits assigned to them, marked as such', async () => {
    const list = await request(app).get('/api/visits').query({ communityCode: COMMUNITY.shahe, status: 'due', limit: 2 }).set(coord.auth);
    const [mine, other] = list.body.items as Array<{ id: string; householdId: string }>;
    const assigned = await request(app)
      .patch(`/api/visits/${mine!.id}`)
      .set(coord.auth)
      .send({ assignee: { kind: 'volunteer', id: volunteer.id } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toMatchObject({ kind: 'volunteer', id: volunteer.id, name: '测试志愿者' });

    const refused = await request(app)
      .post('/api/visits/records')
      .set(volunteer.auth)
      .send({ householdId: other!.householdId, visitedAt: new Date(), mode: 'home' });
    expect(refused.status).toBe(403);
    const ok = await request(app)
      .post('/api/visits/records')
      .set(volunteer.auth)
      .send({ householdId: mine!.householdId, visitedAt: new Date(), mode: 'home' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ byVolunteer: true, visitor: { kind: 'volunteer', id: volunteer.id } });

    const theirs = await request(app).get('/api/visits').set(volunteer.auth);
    expect(theirs.body.items.map((t: { id: string }) => t.id)).toEqual([mine!.id]);
    expect(theirs.body.items[0].headName).toMatch(/\*/);
    const byAssignee = await request(app).get('/api/visits').query({ assignee: volunteer.id }).set(coord.auth);
    expect(byAssignee.body.items).toHaveLength(1);
    expect(byAssignee.body.items[0].status).toBe('done');
  });

  it('the month list reports progress per household and per person, filtered by village', async () => {
    const all = await request(app).get('/api/visits').query({ limit: 10 }).set(coord.auth);
    expect(all.body.progress.households).toBe(KEY_HOUSEHOLDS + 1);
    expect(all.body.progress.householdsVisited).toBe(2);
    expect(all.body.progress.people).toBeGreaterThan(all.body.progress.households);
    expect(all.body.nextCursor).not.toBeNull();
    const village = await request(app).get('/api/visits').query({ communityCode: COMMUNITY.shaheVillage, limit: 500 }).set(coord.auth);
    expect(village.body.items.every((t: { communityCode: string }) => t.communityCode === COMMUNITY.shaheVillage)).toBe(true);
    expect(village.body.progress.households).toBe(50);
  });
});

describe('start-up catch-up (runs last: it moves the clock to next month)', () => {
  it('when the monthly job did not run, the next start creates the missing tasks and marks last month missed', async () => {
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 5));
    const month = monthOf(nextMonth);
    expect(await visitTasks.unscoped.count({ month })).toBe(0);
    await bootstrap({
      config: loadConfig({ ...process.env, ADMIN_PASSWORD: 'admin-pass-123' }),
      auth: testAuth,
      log: testLog,
      now: nextMonth,
    });
    expect(await visitTasks.unscoped.count({ month, stationCode: LINZE.shahe })).toBe(KEY_HOUSEHOLDS + 1);
    expect(await visitTasks.unscoped.count({ month: monthOf(new Date()), status: 'missed' })).toBeGreaterThan(0);
    expect(await visitTasks.unscoped.count({ month: monthOf(new Date()), status: 'due' })).toBe(0);
    // A second start creates nothing more.
    await bootstrap({
      config: loadConfig({ ...process.env, ADMIN_PASSWORD: 'admin-pass-123' }),
      auth: testAuth,
      log: testLog,
      now: nextMonth,
    });
    expect(await visitTasks.unscoped.count({ month })).toBe(KEY_HOUSEHOLDS + 1);
  });
});
