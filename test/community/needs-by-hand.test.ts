import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { HouseholdModel } from '../../src/households/model.js';
import { approximateLocation } from '../../src/households/places.js';
import { NeedModel } from '../../src/needs/model.js';
import { needTitle } from '../../src/needs/record.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { COMMUNITY, postHousehold, postNeed } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let shahe: SignedIn;
let pingchuan: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  await buildStations();
  [shahe, pingchuan, admin] = await Promise.all([
    buildCoordinator(app, LINZE.shahe),
    buildCoordinator(app, LINZE.pingchuan),
    buildAdmin(app),
  ]);
});

/** A walk-in need with no place of its own: the form's minimum. */
const walkIn = (overrides: Record<string, unknown> = {}) => ({
  category: 'daily_care',
  title: '每周两次上门打扫',
  description: '老人独居，打扫困难',
  urgency: 'normal',
  source: 'walk_in',
  ...overrides,
});

describe('recording a need by hand (来访, 热线, 入户)', () => {
  it('creates the household inline with the need; the need takes its village and the village place', async () => {
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(
        walkIn({
          household: {
            name: '马桂兰',
            phone: '139 1234 5678',
            village: COMMUNITY.shaheVillage,
            address: '沙河镇花园村三社12号',
            groups: ['独居老人'],
          },
        }),
      );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.communityCode).toBe(COMMUNITY.shaheVillage);
    expect(res.body.location).toEqual(approximateLocation(COMMUNITY.shaheVillage));
    expect(res.body.household).toMatchObject({ name: '马桂兰', communityName: expect.stringContaining('花园') });
    const household = await HouseholdModel.findById(res.body.householdId).lean();
    expect(household).toMatchObject({ headName: '马桂兰', phone: '13912345678', stationCode: LINZE.shahe, groups: ['独居老人'] });
  });

  it("takes the existing household's village and location when only householdId is given", async () => {
    const householdId = await postHousehold(app, shahe, {
      headName: '赵德明',
      phone: '13700001111',
      location: { lat: 39.16, lng: 100.17 },
    });
    const res = await request(app).post('/api/needs').set(shahe.auth).send(walkIn({ householdId }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ communityCode: COMMUNITY.shahe, location: { lat: 39.16, lng: 100.17 }, householdId });
  });

  it('writes nothing when the need fails validation, even though the inline household is valid', async () => {
    const [households, needs] = await Promise.all([HouseholdModel.countDocuments(), NeedModel.countDocuments()]);
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(walkIn({ urgency: 'asap', household: { name: '钱小花', village: COMMUNITY.shahe, address: '东关街1号' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toContain('urgency');
    // A village of another station is refused before the household is written, too.
    const foreign = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(walkIn({ communityCode: COMMUNITY.shahe, household: { name: '钱小花', village: COMMUNITY.pingchuan, address: '平川村' } }));
    expect(foreign.status).toBe(404);
    // An invalid household field is named under household.
    const bad = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(walkIn({ household: { name: '', village: COMMUNITY.shahe, address: '东关街1号', phone: '12' } }));
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['household.name', 'household.phone']));
    expect(await HouseholdModel.countDocuments()).toBe(households);
    expect(await NeedModel.countDocuments()).toBe(needs);
  });

  it('asks for a village when neither the need nor a household gives one', async () => {
    const res = await request(app).post('/api/needs').set(shahe.auth).send(walkIn());
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['communityCode']);
    expect(res.body.error.issues[0].message).toMatch(/村/);
  });
});

describe('who a need is for, search, totals and pages', () => {
  let needId: string;
  beforeAll(async () => {
    const householdId = await postHousehold(app, shahe, { headName: '孙玉珍', phone: '13955557788' });
    needId = await postNeed(app, shahe, { householdId, title: '陪同去县医院复查', category: 'medical_escort', location: undefined });
    for (let i = 0; i < 5; i++) await postNeed(app, shahe, { title: `第${i}次送餐`, communityCode: COMMUNITY.shaheVillage });
  });

  it("the detail shows the household's name, village and full phone to the station coordinator and the admin, audited", async () => {
    for (const who of [shahe, admin]) {
      const res = await request(app).get(`/api/needs/${needId}`).set(who.auth);
      expect(res.status).toBe(200);
      expect(res.body.household).toMatchObject({ name: '孙玉珍', phone: '13955557788', communityName: '东关街社区' });
      expect(res.body.communityName).toBe('东关街社区');
      expect(res.body.stationName).toBeTruthy();
      const audited = await AuditModel.findOne({ actorId: who.userId, entity: 'household', entityId: res.body.householdId }).lean();
      expect(audited?.fields).toContain('phone');
    }
    expect((await request(app).get(`/api/needs/${needId}`).set(pingchuan.auth)).status).toBe(404);
  });

  it('the list names the household and village, masks the phone, and finds by name, full phone, last four digits and village', async () => {
    const byName = await request(app).get('/api/needs').query({ q: '孙玉珍' }).set(shahe.auth);
    expect(byName.body.items.map((n: { id: string }) => n.id)).toEqual([needId]);
    expect(byName.body.items[0].household).toMatchObject({ name: '孙玉珍', communityName: '东关街社区' });
    expect(byName.body.items[0].household.phone).not.toBe('13955557788');
    for (const q of ['13955557788', '7788']) {
      const res = await request(app).get('/api/needs').query({ q }).set(shahe.auth);
      expect(
        res.body.items.map((n: { id: string }) => n.id),
        q,
      ).toEqual([needId]);
    }
    const village = await request(app).get('/api/needs').query({ q: '花园' }).set(shahe.auth);
    expect(village.body.total).toBe(await NeedModel.countDocuments({ communityCode: COMMUNITY.shaheVillage }));
    expect(village.body.total).toBeGreaterThanOrEqual(5);
    expect(village.body.items.every((n: { communityName: string }) => n.communityName.includes('花园'))).toBe(true);
  });

  it('lists carry the total and jump to a page by offset, newest first', async () => {
    const first = await request(app).get('/api/needs').query({ limit: 2, offset: 0 }).set(shahe.auth);
    const all = await request(app).get('/api/needs').query({ limit: 200 }).set(shahe.auth);
    expect(first.body.total).toBe(all.body.items.length);
    expect(all.body.total).toBeGreaterThan(5);
    const second = await request(app).get('/api/needs').query({ limit: 2, offset: 2 }).set(shahe.auth);
    expect(second.body.items.map((n: { id: string }) => n.id)).toEqual(all.body.items.slice(2, 4).map((n: { id: string }) => n.id));
    const dates = all.body.items.map((n: { createdAt: string }) => n.createdAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('board counts are true totals, not page sizes', async () => {
    const res = await request(app).get('/api/needs/counts').set(shahe.auth);
    expect(res.status).toBe(200);
    const total = async (query: Record<string, string>) =>
      (
        await request(app)
          .get('/api/needs')
          .query({ ...query, limit: 1 })
          .set(shahe.auth)
      ).body.total;
    const open = await total({ status: 'open,matching' });
    const urgent = await total({ status: 'open,matching', urgency: 'high,critical' });
    expect(open).toBeGreaterThan(1);
    expect(res.body).toMatchObject({ open, urgent, pendingAssignments: 0, activeAssignments: 0 });
  });

  it('a need title names the household (masked) so imported rows of one category differ', () => {
    expect(needTitle({ category: 'rehabilitation', label: '康复训练' }, { headName: '高春梅' })).toBe('康复训练 · 高*梅家');
    expect(needTitle({ category: 'rehabilitation', label: '康复训练' })).toBe('康复训练');
  });
});

describe('closing with a reason and reopening', () => {
  it('closes with a reason kept on the need and in its history, refuses while assigned, and reopens', async () => {
    const id = await postNeed(app, shahe);
    const closed = await request(app).post(`/api/needs/${id}/close`).set(shahe.auth).send({ reason: 'met_elsewhere', note: '家属已安排' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'met_elsewhere' });
    expect(closed.body.history.at(-1).note).toBe('已在别处解决：家属已安排');
    const again = await request(app).post(`/api/needs/${id}/close`).set(shahe.auth).send({ reason: 'duplicate' });
    expect(again.status).toBe(409);
    const bad = await request(app).post(`/api/needs/${id}/close`).set(shahe.auth).send({ reason: 'bored' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].message).toBe('请选择关闭原因');

    const reopened = await request(app).post(`/api/needs/${id}/reopen`).set(shahe.auth).send({});
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', closeReason: null });
    expect(reopened.body.history.map((h: { to: string }) => h.to)).toEqual(['open', 'closed', 'open']);
    expect((await request(app).post(`/api/needs/${id}/reopen`).set(shahe.auth).send({})).status).toBe(409);

    await request(app).post(`/api/needs/${id}/transitions`).set(shahe.auth).send({ to: 'assigned' });
    const busy = await request(app).post(`/api/needs/${id}/close`).set(shahe.auth).send({ reason: 'withdrawn' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toMatch(/取消指派/);
  });
});
