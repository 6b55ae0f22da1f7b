/**
 * The board's suggestions: every need on screen in one request whose database work does not grow into
 * scans (FerretDB answers only a pure `{_id}` filter from an index), refusals honoured, and indexes
 * warmed before the first coordinator asks.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { clearIndexCache, indexCacheStats, warmIndexes } from '../../src/matching/index-cache.js';
import { needBody } from '../community/build.js';
import { commandsDuring } from '../helpers/db-commands.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const county = LINZE.shahe.slice(0, 6);
let coordinator: SignedIn;
let helper: BuiltVolunteer;
let other: BuiltVolunteer;
const needIds: string[] = [];

const mealHelper = (name: string, location: { lat: number; lng: number }) => ({
  name,
  skills: ['送餐', '做饭', '买菜'],
  description: '每天中午可以帮老人送饭',
  availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '08:00', end: '20:00' })),
  location,
  radiusKm: 20,
  maxActive: 20,
});

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  helper = await buildVolunteer(app, { approver: coordinator, profile: mealHelper('送餐的志愿者', { lat: 39.152, lng: 100.163 }) });
  other = await buildVolunteer(app, { approver: coordinator, profile: mealHelper('另一位志愿者', { lat: 39.154, lng: 100.165 }) });
  for (let i = 0; i < 12; i++) {
    const res = await request(app)
      .post('/api/needs')
      .set(coordinator.auth)
      .send(needBody({ title: `送餐 ${i + 1}` }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    needIds.push(res.body.id);
  }
});

describe('the board: suggestions of every need on screen in one request', () => {
  it('reads no needs and no assignments (both from the county mirrors), whatever the number of needs', async () => {
    // Warm, as in a running service: the index build is not part of the request.
    await request(app)
      .post('/api/matching/suggestions')
      .set(coordinator.auth)
      .send({ needIds: [needIds[0]] });
    let res: request.Response | undefined;
    const commands = await commandsDuring(async () => {
      res = await request(app).post('/api/matching/suggestions').set(coordinator.auth).send({ needIds, top: 3 });
    });
    expect(res?.status, JSON.stringify(res?.body)).toBe(200);
    expect(Object.keys(res!.body.items).sort()).toEqual([...needIds].sort());
    for (const id of needIds) expect(res!.body.items[id].map((s: { id: string }) => s.id)).toContain(helper.id);

    // The needs and their refusals come from the county's mirrors (loaded by the warm-up request): no query at all.
    expect(commands.filter((c) => c.collection === 'needs')).toEqual([]);
    const assignmentReads = commands.filter((c) => c.collection === 'assignments');
    expect(assignmentReads).toEqual([]);
    // Rules and the candidate pool come from the cached index, not from the database.
    expect(commands.filter((c) => ['stations', 'volunteers', 'organisations', 'resources'].includes(String(c.collection)))).toEqual([]);
  });

  it('one need: its _id lookup alone, nothing that scans the needs or assignments', async () => {
    const commands = await commandsDuring(async () => {
      const res = await request(app).get(`/api/needs/${needIds[1]}/suggestions?top=3`).set(coordinator.auth);
      expect(res.status).toBe(200);
    });
    const needReads = commands.filter((c) => c.collection === 'needs');
    expect(needReads).toHaveLength(1);
    expect(Object.keys(needReads[0]!.filter as object)).toEqual(['_id']);
    expect(commands.filter((c) => c.collection === 'assignments')).toEqual([]);
  });

  it('leaves out a candidate who declined that need, only for that need', async () => {
    const [declinedNeed, otherNeed] = [needIds[2]!, needIds[3]!];
    const assigned = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId: declinedNeed, candidate: { kind: 'volunteer', id: helper.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const declined = await request(app)
      .post(`/api/assignments/${assigned.body.id}/decline`)
      .set(helper.auth)
      .send({ reason: '今天去不了' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);

    const res = await request(app)
      .post('/api/matching/suggestions')
      .set(coordinator.auth)
      .send({ needIds: [declinedNeed, otherNeed], top: 3 });
    expect(res.status).toBe(200);
    const ids = (needId: string) => res.body.items[needId].map((s: { id: string }) => s.id);
    expect(ids(declinedNeed)).not.toContain(helper.id);
    expect(ids(declinedNeed)).toContain(other.id);
    expect(ids(otherNeed)).toContain(helper.id);
  });
});

describe('warming the indexes at start-up', () => {
  it('builds every open station of a county with candidates before the first request, which then builds nothing', async () => {
    clearIndexCache();
    const before = indexCacheStats.fullBuilds;
    // 620723 has candidates; 510104 (another county of the divisions) has none: nothing to warm there.
    const warmed = await warmIndexes({ log: testLog, countyCodes: [county, '510104'] });
    expect(warmed.skipped).toBe(11);
    expect(warmed.built).toBe(warmed.stations - warmed.skipped);
    expect(warmed.built).toBeGreaterThan(1);
    expect(indexCacheStats.fullBuilds - before).toBe(warmed.built);

    const builds = indexCacheStats.fullBuilds;
    const res = await request(app).post('/api/matching/suggestions').set(coordinator.auth).send({ needIds, top: 3 });
    expect(res.status).toBe(200);
    expect(res.body.items[needIds[0]!].length).toBeGreaterThan(0);
    expect(indexCacheStats.fullBuilds).toBe(builds);
  });
});
