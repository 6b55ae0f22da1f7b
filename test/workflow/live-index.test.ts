import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidateItem } from '../../matchers/index.js';
import { createApp } from '../../src/app.js';
import { followUpsSettled } from '../../src/events/bus.js';
import { indexCacheStats, indexFor } from '../../src/matching/index-cache.js';
import { needBody } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildOrganisation, buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coordinator: SignedIn;
let escort: BuiltVolunteer;
let needId: string;
const county = LINZE.shahe.slice(0, 6);

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  // One slot: once assigned, the volunteer is full and must leave the suggestions.
  escort = await buildVolunteer(app, { approver: coordinator, profile: { name: '陪诊志愿者', skills: ['陪诊'], maxActive: 1 } });
  const need = await request(app)
    .post('/api/needs')
    .set(coordinator.auth)
    .send(
      needBody({
        category: 'medical_escort',
        title: '陪同去县医院复查',
        description: '老人腿脚不便，需要有人陪诊',
        urgency: 'normal',
        skills: ['陪诊'],
      }),
    );
  expect(need.status, JSON.stringify(need.body)).toBe(201);
  needId = need.body.id;
});

describe('live matching index', () => {
  it('patches the county index from events instead of rebuilding it', async () => {
    const first = await request(app).get(`/api/needs/${needId}/suggestions`).set(coordinator.auth);
    expect(first.status).toBe(200);
    expect(first.body.map((s: { id: string }) => s.id)).toContain(escort.id);
    const builds = indexCacheStats.fullBuilds;
    const patches = indexCacheStats.patches;

    const assigned = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: escort.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    await followUpsSettled();

    expect(indexCacheStats.patches).toBeGreaterThan(patches);
    const { index } = await indexFor(county, LINZE.shahe, new Date());
    const item = candidateItem(index, 'volunteer', escort.id);
    expect(item?.kind === 'volunteer' && item.item.active).toBe(1);
    // Full now: no longer proposed, and still the same index (no rebuild on the request path).
    const after = await request(app).get(`/api/needs/${needId}/suggestions`).set(coordinator.auth);
    expect(after.status).toBe(200);
    expect(after.body.map((s: { id: string }) => s.id)).not.toContain(escort.id);
    expect(indexCacheStats.fullBuilds).toBe(builds);
  });

  it('adds a newly approved volunteer to the index without a rebuild', async () => {
    await indexFor(county, LINZE.shahe, new Date());
    const builds = indexCacheStats.fullBuilds;
    const fresh = await buildVolunteer(app, { approver: coordinator, profile: { name: '新志愿者', skills: ['陪诊'] } });
    await followUpsSettled();
    const { index, pool } = await indexFor(county, LINZE.shahe, new Date());
    expect(candidateItem(index, 'volunteer', fresh.id)?.item.id).toBe(fresh.id);
    expect(pool.volunteers.some((v) => v.id === fresh.id)).toBe(true);
    expect(indexCacheStats.fullBuilds).toBe(builds);
  });
});

describe('profile edits reach the live index at once', () => {
  it('a volunteer who adds a skill is proposed for it without a rebuild', async () => {
    await indexFor(county, LINZE.shahe, new Date());
    const builds = indexCacheStats.fullBuilds;
    const helper = await buildVolunteer(app, { approver: coordinator, profile: { name: '学着陪诊的志愿者', skills: ['送餐'] } });
    await followUpsSettled();
    const before = await indexFor(county, LINZE.shahe, new Date());
    const was = candidateItem(before.index, 'volunteer', helper.id);
    expect(was?.kind === 'volunteer' && was.item.skills).toEqual(['送餐']);

    const edited = await request(app)
      .patch('/api/volunteers/me')
      .set(helper.auth)
      .send({ skills: ['送餐', '陪诊'] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await followUpsSettled();

    const after = await indexFor(county, LINZE.shahe, new Date());
    const now = candidateItem(after.index, 'volunteer', helper.id);
    expect(now?.kind === 'volunteer' && now.item.skills).toEqual(['送餐', '陪诊']);
    expect(indexCacheStats.fullBuilds).toBe(builds);
  });
});

describe('reviews reach the live index at once', () => {
  it('a rejected volunteer leaves the pool and an approved organisation joins it, without a rebuild', async () => {
    const volunteer = await buildVolunteer(app, { approver: coordinator, profile: { name: '将被撤销的志愿者', skills: ['陪诊'] } });
    const organisation = await buildOrganisation(app, { approved: false });
    await followUpsSettled();
    const before = await indexFor(county, LINZE.shahe, new Date());
    expect(candidateItem(before.index, 'volunteer', volunteer.id)).toBeDefined();
    expect(candidateItem(before.index, 'organisation', organisation.id)).toBeUndefined();
    const builds = indexCacheStats.fullBuilds;

    const rejected = await request(app).post(`/api/volunteers/${volunteer.id}/reject`).set(coordinator.auth).send({ note: '资料不实' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const approved = await request(app).post(`/api/organisations/${organisation.id}/approve`).set(coordinator.auth).send({});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await followUpsSettled();

    const after = await indexFor(county, LINZE.shahe, new Date());
    expect(candidateItem(after.index, 'volunteer', volunteer.id)).toBeUndefined();
    expect(candidateItem(after.index, 'organisation', organisation.id)?.item.id).toBe(organisation.id);
    expect(indexCacheStats.fullBuilds).toBe(builds);
  });
});
