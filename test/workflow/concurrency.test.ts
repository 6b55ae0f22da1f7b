import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { needBody, postHousehold } from '../community/build.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { useLiveServer } from '../helpers/server.js';
import { buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const live = useLiveServer();
let coordinator: SignedIn;

beforeAll(async () => {
  coordinator = await buildCoordinator(live.server.app, LINZE.shahe);
});

describe('concurrent assignment requests (issue 10, finding 4)', () => {
  it('50 concurrent assigns of one need to a one-slot volunteer: exactly one 201, the rest 409, no 5xx', async () => {
    const app = live.server.app;
    const volunteer = await buildVolunteer(app, {
      approver: coordinator,
      profile: { maxActive: 1, skills: ['送餐'], availability: [{ day: 1, start: '10:00', end: '14:00' }] },
    });
    const householdId = await postHousehold(app, coordinator, { headName: '李秀英', phone: '13912340000' });
    const need = await request(app).post('/api/needs').set(coordinator.auth).send(needBody({ householdId }));
    expect(need.status, JSON.stringify(need.body)).toBe(201);

    // Over the real socket, all at once: the way the attack test sent them.
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(live.server.url)
          .post('/api/assignments')
          .set(coordinator.auth)
          .send({ needId: need.body.id, candidate: { kind: 'volunteer', id: volunteer.id } }),
      ),
    );
    const elapsed = Date.now() - started;
    const statuses = answers.map((r) => r.status);
    const tally = Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));
    expect(
      statuses.filter((s) => s >= 500),
      JSON.stringify({ tally, elapsed }),
    ).toEqual([]);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(tally),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      JSON.stringify(tally),
    ).toHaveLength(49);
    console.info(`50 concurrent assigns answered in ${elapsed} ms`, tally);

    const listed = await request(app).get('/api/assignments').query({ needId: need.body.id }).set(coordinator.auth);
    expect(listed.body).toHaveLength(1);
    const after = await request(app).get(`/api/needs/${need.body.id}`).set(coordinator.auth);
    expect(after.body.status).toBe('assigned');
  }, 120_000);

  it('50 concurrent assigns of 50 needs to one volunteer slot: exactly one 201, the rest 409, every need left consistent', async () => {
    const app = live.server.app;
    const volunteer = await buildVolunteer(app, { approver: coordinator, profile: { maxActive: 1 } });
    const householdId = await postHousehold(app, coordinator, { headName: '王大爷', phone: '13912341111' });
    const needIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const need = await request(app)
        .post('/api/needs')
        .set(coordinator.auth)
        .send(needBody({ householdId, title: `送餐 ${i}` }));
      expect(need.status, JSON.stringify(need.body)).toBe(201);
      needIds.push(need.body.id as string);
    }
    const started = Date.now();
    const answers = await Promise.all(
      needIds.map((needId) =>
        request(live.server.url)
          .post('/api/assignments')
          .set(coordinator.auth)
          .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } }),
      ),
    );
    const elapsed = Date.now() - started;
    const statuses = answers.map((r) => r.status);
    const tally = Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));
    console.info(`50 concurrent assigns of one slot answered in ${elapsed} ms`, tally);
    expect(
      statuses.filter((s) => s >= 500),
      JSON.stringify({ tally, elapsed }),
    ).toEqual([]);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(tally),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      JSON.stringify(tally),
    ).toHaveLength(49);

    // No need is left "assigned" without a live assignment.
    const assignments = await request(app).get('/api/assignments').query({ limit: 200 }).set(coordinator.auth);
    const held = new Set((assignments.body as Array<{ needId: string; status: string }>).map((a) => a.needId));
    for (const needId of needIds) {
      const need = await request(app).get(`/api/needs/${needId}`).set(coordinator.auth);
      expect(need.body.status, needId).toBe(held.has(needId) ? 'assigned' : 'open');
    }
  }, 180_000);
});
