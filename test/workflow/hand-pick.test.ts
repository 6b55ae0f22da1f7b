import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { clearIndexCache } from '../../src/matching/index-cache.js';
import { needBody } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coordinator: SignedIn;
let near: BuiltVolunteer;
let farther: BuiltVolunteer;
let distant: BuiltVolunteer;

const mealHelper = (overrides: Record<string, unknown>) => ({
  skills: ['送餐', '做饭', '买菜'],
  description: '每天中午可以帮老人送饭',
  availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '08:00', end: '20:00' })),
  radiusKm: 20,
  maxActive: 3,
  ...overrides,
});

async function postNeed(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(app).post('/api/needs').set(coordinator.auth).send(needBody(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  near = await buildVolunteer(app, {
    approver: coordinator,
    profile: mealHelper({ name: '近处的志愿者', location: { lat: 39.152, lng: 100.163 } }),
  });
  // About 10 km north of the need.
  farther = await buildVolunteer(app, {
    approver: coordinator,
    profile: mealHelper({ name: '稍远的志愿者', location: { lat: 39.246, lng: 100.162 } }),
  });
  // About 35 km away, with a 5 km radius: excluded by the radius rule.
  distant = await buildVolunteer(app, {
    approver: coordinator,
    profile: mealHelper({ name: '远处的志愿者', location: { lat: 39.466, lng: 100.162 }, radiusKm: 5 }),
  });
  clearIndexCache();
});

type Reason = { rule: string; text: string; tone: string };
type Suggestion = { id: string; name: string; distanceKm: number | null; reasons: Reason[] };

describe('suggestions: distance in kilometres, tones, one request for the board', () => {
  it("the suggestion's distanceKm equals the kilometres written in its distance reason", async () => {
    const needId = await postNeed();
    const res = await request(app).get(`/api/needs/${needId}/suggestions?top=10`).set(coordinator.auth);
    expect(res.status).toBe(200);
    const list = res.body as Suggestion[];
    const far = list.find((s) => s.id === farther.id);
    expect(far, JSON.stringify(list)).toBeDefined();
    for (const s of list) {
      const reason = s.reasons.find((r) => r.rule === 'distance');
      const km = Number(/([\d.]+) 公里/u.exec(reason?.text ?? '')?.[1]);
      expect(s.distanceKm, s.name).toBe(km);
    }
    expect(far!.distanceKm).toBeGreaterThan(9);
    expect(far!.distanceKm).toBeLessThan(12);
    // Every reason carries a tone; a distant helper's distance does not count in favour.
    expect(list.flatMap((s) => s.reasons).every((r) => ['for', 'against', 'neutral'].includes(r.tone))).toBe(true);
    expect(list.find((s) => s.id === near.id)!.reasons.find((r) => r.rule === 'distance')!.tone).toBe('for');
  });

  it('answers the suggestions of many needs in one request, in scope only, at most 50', async () => {
    const a = await postNeed({ title: '送餐甲' });
    const b = await postNeed({ title: '送餐乙' });
    const res = await request(app)
      .post('/api/matching/suggestions')
      .set(coordinator.auth)
      .send({ needIds: [a, b], top: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body.items).sort()).toEqual([a, b].sort());
    expect(res.body.items[a].length).toBe(2);
    const single = await request(app).get(`/api/needs/${a}/suggestions?top=2`).set(coordinator.auth);
    expect(res.body.items[a].map((s: Suggestion) => s.id)).toEqual(single.body.map((s: Suggestion) => s.id));
    const other = await buildCoordinator(app, LINZE.pingchuan);
    const foreign = await request(app)
      .post('/api/matching/suggestions')
      .set(other.auth)
      .send({ needIds: [a] });
    expect(foreign.body.items).toEqual({});
    const tooMany = await request(app)
      .post('/api/matching/suggestions')
      .set(coordinator.auth)
      .send({ needIds: Array.from({ length: 51 }, () => a) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues[0].message).toBe('一次最多 50 个需求');
  });
});

describe('no candidates: why, and a wider search', () => {
  it('counts the candidates each hard rule excluded, and how many a wider radius would give', async () => {
    // Far north, beyond everyone's radius: nobody is proposed.
    const needId = await postNeed({ location: { lat: 39.6, lng: 100.162 } });
    expect((await request(app).get(`/api/needs/${needId}/suggestions`).set(coordinator.auth)).body).toEqual([]);
    const census = await request(app).get(`/api/needs/${needId}/candidates/census?widenKm=30`).set(coordinator.auth);
    expect(census.status, JSON.stringify(census.body)).toBe(200);
    expect(census.body.proposed).toBe(0);
    const radius = census.body.byRule.find((r: { rule: string }) => r.rule === 'volunteerRadius');
    expect(radius).toMatchObject({ label: '超出服务半径', count: 3 });
    expect(census.body.proposedIfWidened).toBeGreaterThan(0);
    const wider = await request(app).get(`/api/needs/${needId}/suggestions?widenKm=30`).set(coordinator.auth);
    expect(wider.body.length).toBe(census.body.proposedIfWidened > 5 ? 5 : census.body.proposedIfWidened);
  });
});

describe('picking a candidate by hand, cancelling and reassigning', () => {
  it('finds candidates by name with whether each may take the need; refuses an ineligible pick naming the rule', async () => {
    const needId = await postNeed();
    const found = await request(app).get(`/api/needs/${needId}/candidates`).query({ q: '志愿者' }).set(coordinator.auth);
    expect(found.status).toBe(200);
    const byId = new Map(found.body.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(near.id)).toMatchObject({ eligible: true, exclusions: [] });
    expect(byId.get(distant.id)).toMatchObject({ eligible: false, exclusions: [{ rule: 'volunteerRadius', label: '超出服务半径' }] });

    const refused = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: distant.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^不能指派：距离 .* 公里，超出志愿者服务半径 5\.0 公里/u);
    expect((await request(app).get(`/api/needs/${needId}`).set(coordinator.auth)).body.status).toBe('open');

    // The second-best, chosen by hand, is assigned.
    const picked = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: farther.id } });
    expect(picked.status, JSON.stringify(picked.body)).toBe(201);
  });

  it('a pending assignment is cancelled or reassigned at once; a refused new pick leaves it as it was', async () => {
    const needId = await postNeed();
    const first = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: near.id } });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('pending');

    const badPick = await request(app)
      .post(`/api/assignments/${first.body.id}/reassign`)
      .set(coordinator.auth)
      .send({ reason: '对方电话打不通', candidate: { kind: 'volunteer', id: distant.id } });
    expect(badPick.status).toBe(409);
    expect((await request(app).get(`/api/assignments/${first.body.id}`).set(coordinator.auth)).body.status).toBe('pending');

    const moved = await request(app)
      .post(`/api/assignments/${first.body.id}/reassign`)
      .set(coordinator.auth)
      .send({ reason: '对方电话打不通', candidate: { kind: 'volunteer', id: farther.id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(moved.body.cancelled).toMatchObject({ status: 'cancelled' });
    expect(moved.body.assignment).toMatchObject({ status: 'pending', candidate: { id: farther.id } });
    const need = (await request(app).get(`/api/needs/${needId}`).set(coordinator.auth)).body;
    expect(need.status).toBe('assigned');
    expect(need.history.map((h: { note: string | null }) => h.note)).toContain('取消：对方电话打不通');

    const cancelled = await request(app)
      .post(`/api/assignments/${moved.body.assignment.id}/cancel`)
      .set(coordinator.auth)
      .send({ reason: '家属已安排' });
    expect(cancelled.status).toBe(200);
    expect((await request(app).get(`/api/needs/${needId}`).set(coordinator.auth)).body.status).toBe('matching');
  });

  it("the explanation gives the hard rule's name and the distance", async () => {
    const needId = await postNeed();
    const admin = await buildAdmin(app);
    const why = await request(app).get(`/api/needs/${needId}/candidates/volunteer/${distant.id}/explanation`).set(admin.auth);
    expect(why.status).toBe(200);
    expect(why.body.exclusions[0]).toMatchObject({ rule: 'volunteerRadius', label: '超出服务半径' });
    expect(why.body.distanceKm).toBeGreaterThan(30);
  });
});
