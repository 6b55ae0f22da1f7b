import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { allocateResource } from '../../src/resources/allocate.js';
import { AllocationModel } from '../../src/resources/model.js';
import { ResourceModel } from '../../src/resources/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { COMMUNITY, postNeed } from '../community/build.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildCharity, buildResource } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('posting and owning resources', () => {
  it('a charity posts a resource; what remains starts at the posted quantity', async () => {
    const charity = await buildCharity(app, { name: '临泽县慈善会' });
    const r = await buildResource(app, charity, {
      eligibility: { groups: ['特困人员', '独居老人'] },
      expiresAt: '2099-12-31',
      location: { lat: 39.14, lng: 100.16 },
    });
    const res = await request(app).get(`/api/resources/${r.id}`).set(charity.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ donor: '临泽县慈善会', remaining: { amount: 10, unit: '份' }, status: 'available', expired: false });
    expect(res.body.eligibility).toEqual({ groups: ['特困人员', '独居老人'] });
  });

  it("a charity sees and edits only its own resources; another charity's answers 404", async () => {
    const mine = await buildCharity(app);
    const other = await buildCharity(app);
    const r = await buildResource(app, mine);
    expect((await request(app).get(`/api/resources/${r.id}`).set(other.auth)).status).toBe(404);
    expect((await request(app).patch(`/api/resources/${r.id}`).set(other.auth).send({ title: '改名' })).status).toBe(404);
    expect((await request(app).get(`/api/resources/${r.id}/allocations`).set(other.auth)).status).toBe(404);
    const list = await request(app).get('/api/resources').set(other.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    const edited = await request(app).patch(`/api/resources/${r.id}`).set(mine.auth).send({ title: '过冬棉被' });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('过冬棉被');
  });

  it('a charity cannot change quantities by editing: quantity and remaining are not editable', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity);
    for (const body of [{ quantity: { amount: 99, unit: '份' } }, { remaining: { amount: 99, unit: '份' } }]) {
      expect((await request(app).patch(`/api/resources/${r.id}`).set(charity.auth).send(body)).status).toBe(400);
    }
  });

  it('coordinators list the county’s available resources with filters and a literal text search', async () => {
    const charity = await buildCharity(app);
    await buildResource(app, charity, {
      title: '助学金（春季）',
      kind: 'money',
      category: 'financial_aid',
      quantity: { amount: 20000, unit: '元' },
    });
    const wheel = await buildResource(app, charity, { title: '轮椅', description: '可折叠 轮椅', quantity: { amount: 3, unit: '台' } });
    const c = await buildCoordinator(app, LINZE.pingchuan);
    const found = await request(app).get('/api/resources').query({ q: '轮椅', available: 'true' }).set(c.auth);
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([wheel.id]);
    const money = await request(app).get('/api/resources').query({ kind: 'money', q: '（春季' }).set(c.auth);
    expect(money.body.items).toHaveLength(1);
    expect(money.body.items[0]).toMatchObject({ category: 'financial_aid', categoryName: '资金救助' });
  });
});

describe('allocation', () => {
  it('when 50 allocations of 1 unit race for a resource of 10, exactly 10 succeed, 40 get 409, and nothing remains', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { quantity: { amount: 10, unit: '袋' } });
    const c = await buildCoordinator(app, LINZE.shahe);
    const needId = await postNeed(app, c, { category: 'material_aid', title: '需要米面油' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(app)
          .post(`/api/resources/${r.id}/allocations`)
          .set(c.auth)
          .send({ amount: 1, needCategory: 'material_aid', ...(i % 2 ? { needId } : {}) }),
      ),
    );
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    const after = await request(app).get(`/api/resources/${r.id}`).set(c.auth);
    expect(after.body.remaining.amount).toBe(0);
    expect(after.body.status).toBe('depleted');
    expect(after.body.allocationCount).toBe(10);
    expect(await AllocationModel.countDocuments({ resourceId: r.id })).toBe(10);
    const refused = results.find((x) => x.status === 409)!;
    expect(refused.body.error.message).toMatch(/分配完|剩余数量不足/);
  });

  it('an allocation larger than what remains answers 409 naming what is left, and takes nothing', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { quantity: { amount: 5, unit: '桶' } });
    const c = await buildCoordinator(app);
    expect(
      (await request(app).post(`/api/resources/${r.id}/allocations`).set(c.auth).send({ amount: 3, needCategory: 'material_aid' })).status,
    ).toBe(201);
    const tooMuch = await request(app)
      .post(`/api/resources/${r.id}/allocations`)
      .set(c.auth)
      .send({ amount: 3, needCategory: 'material_aid' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.message).toContain('剩余 2 桶');
    expect((await request(app).get(`/api/resources/${r.id}`).set(c.auth)).body.remaining.amount).toBe(2);
  });

  it('an expired resource cannot be allocated: 409 with the reason in Chinese', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { expiresAt: '2099-01-01' });
    // Time passes: the resource's expiry is now behind us.
    await ResourceModel.updateOne({ _id: r.id }, { $set: { expiresAt: new Date(Date.now() - 86_400_000) } });
    const c = await buildCoordinator(app);
    const res = await request(app).post(`/api/resources/${r.id}/allocations`).set(c.auth).send({ amount: 1, needCategory: 'material_aid' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('resource_expired');
    expect(res.body.error.message).toContain('已过期');
    expect(await AllocationModel.countDocuments({ resourceId: r.id })).toBe(0);
  });

  it('allocateResource uses the clock it is given: after expiresAt it refuses, before it allocates', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { expiresAt: '2099-06-30T12:00:00+08:00' });
    const base = { resourceId: r.id, amount: 1, needCategory: 'material_aid', stationCode: LINZE.shahe, countyCode: LINZE.county };
    await expect(allocateResource({ ...base, now: new Date('2099-06-30T12:00:01+08:00') })).rejects.toMatchObject({
      status: 409,
      code: 'resource_expired',
    });
    const ok = await allocateResource({ ...base, now: new Date('2099-06-30T11:59:59+08:00') });
    expect(ok.resource.remaining.amount).toBe(9);
  });

  it('a resource of another county cannot be allocated (404)', async () => {
    const charity = await buildCharity(app, { countyCode: '140106' });
    const r = await buildResource(app, charity);
    const c = await buildCoordinator(app);
    expect(
      (await request(app).post(`/api/resources/${r.id}/allocations`).set(c.auth).send({ amount: 1, needCategory: 'material_aid' })).status,
    ).toBe(404);
  });

  it('a charity cannot allocate, and a county admin must name the receiving station', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity);
    expect(
      (await request(app).post(`/api/resources/${r.id}/allocations`).set(charity.auth).send({ amount: 1, needCategory: 'meal' })).status,
    ).toBe(403);
    const admin = await buildAdmin(app);
    expect(
      (await request(app).post(`/api/resources/${r.id}/allocations`).set(admin.auth).send({ amount: 1, needCategory: 'meal' })).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .post(`/api/resources/${r.id}/allocations`)
          .set(admin.auth)
          .send({ amount: 1, needCategory: 'meal', stationCode: LINZE.yanuan })
      ).status,
    ).toBe(201);
  });

  it('a charity sees where its resource went (category, station name, date, quantity) but never the beneficiary or need', async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { quantity: { amount: 4, unit: '袋' } });
    const c = await buildCoordinator(app, LINZE.pingchuan);
    const needId = await postNeed(app, c, { communityCode: COMMUNITY.pingchuan, title: '需要送米面' });
    const given = await request(app)
      .post(`/api/resources/${r.id}/allocations`)
      .set(c.auth)
      .send({ amount: 2, needCategory: 'meal', needId });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const view = await request(app).get(`/api/resources/${r.id}/allocations`).set(charity.auth);
    expect(view.status).toBe(200);
    expect(view.body).toHaveLength(1);
    expect(view.body[0]).toMatchObject({
      amount: 2,
      unit: '袋',
      needCategory: 'meal',
      needCategoryName: '助餐/送餐',
      stationCode: LINZE.pingchuan,
      stationName: '平川镇',
    });
    expect(Object.keys(view.body[0]).sort()).toEqual([
      'amount',
      'at',
      'needCategory',
      'needCategoryName',
      'stationCode',
      'stationName',
      'unit',
    ]);
    expect(JSON.stringify(view.body)).not.toContain(needId);
    const detail = await request(app).get(`/api/resources/${r.id}`).set(charity.auth);
    expect(JSON.stringify(detail.body)).not.toContain(needId);
    const staff = await request(app).get(`/api/resources/${r.id}/allocations`).set(c.auth);
    expect(staff.body[0].needId).toBe(needId);
    const otherStation = await buildCoordinator(app, LINZE.shahe);
    const foreign = await request(app).get(`/api/resources/${r.id}/allocations`).set(otherStation.auth);
    expect(foreign.body[0].needId).toBeUndefined();
  });

  it("allocating to a need outside the actor's scope, or to no need at all, is 404 and writes nothing (issue 10, finding 7)", async () => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity, { quantity: { amount: 5, unit: '袋' } });
    const shahe = await buildCoordinator(app, LINZE.shahe);
    const pingchuan = await buildCoordinator(app, LINZE.pingchuan);
    const foreignNeed = await postNeed(app, pingchuan, { communityCode: COMMUNITY.pingchuan });
    const allocate = (who: { auth: Record<string, string> }, body: Record<string, unknown>) =>
      request(app)
        .post(`/api/resources/${r.id}/allocations`)
        .set(who.auth)
        .send({ amount: 1, needCategory: 'meal', ...body });

    expect((await allocate(shahe, { needId: foreignNeed })).status).toBe(404);
    expect((await allocate(shahe, { needId: '0123456789abcdef01234567' })).status).toBe(404);
    expect((await allocate(shahe, { needId: 'need-secret-1' })).status).toBe(404);
    const admin = await buildAdmin(app);
    // The admin names another station than the need's: the need is not in that station.
    expect((await allocate(admin, { needId: foreignNeed, stationCode: LINZE.shahe })).status).toBe(404);
    const otherCounty = await buildAdmin(app, '620702');
    expect((await allocate(otherCounty, { needId: foreignNeed, stationCode: '620702001' })).status).toBe(404);
    expect(await AllocationModel.countDocuments({ resourceId: r.id })).toBe(0);

    // The admin may leave the station out: it is the need's.
    const ok = await allocate(admin, { needId: foreignNeed });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.allocation.stationCode).toBe(LINZE.pingchuan);
  });
});
