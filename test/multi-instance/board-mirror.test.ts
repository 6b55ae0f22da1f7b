import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { loadStationsFromDivisions } from '../../src/stations/service.js';
import { needBody } from '../community/build.js';
import { eventually, testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { startInstance, type AppInstance } from './instances.js';

// Two instances of src/main.ts on one database, without Redis (they share events by tailing the log).
// Instance A holds the county's board mirrors; writes made on B must reach them by B's events — the
// periodic safety reload is off, so nothing else could bring them.
const { dbName } = useTestDatabase();
let A: AppInstance, B: AppInstance;
let local: Express;
let coordinator: SignedIn;
let helper: BuiltVolunteer;

beforeAll(async () => {
  await loadStationsFromDivisions();
  local = createApp({ log: testLog, auth: testAuth });
  coordinator = await buildCoordinator(local, LINZE.shahe);
  helper = await buildVolunteer(local, {
    approver: coordinator,
    profile: {
      name: '送餐的志愿者',
      skills: ['送餐', '做饭'],
      availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '08:00', end: '20:00' })),
      location: { lat: 39.152, lng: 100.163 },
      radiusKm: 20,
      maxActive: 5,
    },
  });
  const opts = { mongoUri: inject('mongoUri'), dbName, env: { BOARD_MIRROR_RELOAD_MS: '0', MATCHING_WARM_INDEX: 'true' } };
  A = await startInstance('A', opts);
  B = await startInstance('B', opts);
}, 120_000);

afterAll(async () => {
  await Promise.all([A, B].map((i) => i?.stop()));
}, 30_000);

const listOn = async (instance: AppInstance) => {
  const res = await request(instance.url).get('/api/needs').query({ limit: 200 }).set(coordinator.auth);
  expect(res.status).toBe(200);
  return res.body as { items: Array<{ id: string; urgency: string; status: string }>; total: number };
};

describe('the board mirror of one instance follows the writes of another', () => {
  it('a need created, edited and assigned on B shows on A’s board from B’s events', async () => {
    const before = await listOn(A); // A loads the county now
    const countsBefore = (await request(A.url).get('/api/needs/counts').set(coordinator.auth)).body;

    const created = await request(B.url)
      .post('/api/needs')
      .set(coordinator.auth)
      .send(needBody({ title: '实例 B 登记的需求' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => {
      const after = await listOn(A);
      expect(after.total).toBe(before.total + 1);
      expect(after.items.map((n) => n.id)).toContain(id);
    });

    const edited = await request(B.url).patch(`/api/needs/${id}`).set(coordinator.auth).send({ urgency: 'critical' });
    expect(edited.status).toBe(200);
    await eventually(async () => expect((await listOn(A)).items.find((n) => n.id === id)?.urgency).toBe('critical'));

    const assigned = await request(B.url)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId: id, candidate: { kind: 'volunteer', id: helper.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    await eventually(async () => {
      const counts = (await request(A.url).get('/api/needs/counts').set(coordinator.auth)).body;
      expect(counts.pendingAssignments).toBe(countsBefore.pendingAssignments + 1);
      expect((await listOn(A)).items.find((n) => n.id === id)?.status).toBe('assigned');
    });
    const mine = await request(A.url).get('/api/assignments').set(helper.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.map((a: { id: string }) => a.id)).toContain(assigned.body.id);
  });
});
