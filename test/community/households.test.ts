import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { HouseholdModel } from '../../src/households/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { approximateLocation } from '../../src/households/places.js';
import { presentHousehold } from '../../src/households/presenter.js';
import { COMMUNITY, householdBody, postHousehold } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let shahe: SignedIn;
let pingchuan: SignedIn;
let admin: SignedIn;
let volunteer: SignedIn;
let charity: SignedIn;

beforeAll(async () => {
  await buildStations();
  [shahe, pingchuan, admin, volunteer, charity] = await Promise.all([
    buildCoordinator(app, LINZE.shahe),
    buildCoordinator(app, LINZE.pingchuan),
    buildAdmin(app),
    buildUser(app, { role: 'volunteer', stationCode: LINZE.shahe }),
    buildUser(app, { role: 'charity' }),
  ]);
});

describe('households: masking per role', () => {
  it("the station's coordinator sees the full phone, ID number and health, and the read is audited", async () => {
    const id = await postHousehold(app, shahe);
    const res = await request(app).get(`/api/households/${id}`).set(shahe.auth);
    expect(res.status).toBe(200);
    expect(res.body.masked).toBe(false);
    expect(res.body.phone).toBe('13984541897');
    expect(res.body.members[0].idNumber).toBe('620723193805129082');
    expect(res.body.members[0].health).toBe('高血压，行动不便');
    const rows = await AuditModel.find({ entity: 'household', entityId: id, actorId: shahe.userId, action: 'read_sensitive' });
    expect(rows.length).toBeGreaterThanOrEqual(2); // the create response and the read
    expect(rows[0]!.fields).toContain('phone');
  });

  it('the county admin sees full fields, audited too', async () => {
    const id = await postHousehold(app, shahe);
    const res = await request(app).get(`/api/households/${id}`).set(admin.auth);
    expect(res.body.phone).toBe('13984541897');
    expect(await AuditModel.countDocuments({ entityId: id, actorId: admin.userId })).toBe(1);
  });

  it('a volunteer may neither list households nor read one (403): beneficiaries are not a volunteer list', async () => {
    const id = await postHousehold(app, shahe);
    const one = await request(app).get(`/api/households/${id}`).set(volunteer.auth);
    const list = await request(app).get('/api/households').set(volunteer.auth);
    expect(one.status).toBe(403);
    expect(list.status).toBe(403);
    for (const body of [one.body, list.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('高春梅');
      expect(text).not.toContain('独居老人');
      expect(text).not.toContain('39.151');
    }
    expect(await AuditModel.countDocuments({ entityId: id, actorId: volunteer.userId })).toBe(0);
  });

  it('the masked view (any role other than the station and the county) hides names, places finer than the village and groups', async () => {
    const id = await postHousehold(app, shahe);
    const doc = (await HouseholdModel.findById(id).lean())!;
    const view = presentHousehold(doc, false);
    expect(view.masked).toBe(true);
    expect(view.headName).toBe('高*梅');
    expect(view.phone).toBe('139****1897');
    expect(view.address).toBe('沙河镇东关街社区***');
    expect(view.groups).toEqual([]);
    expect(view.keyTarget).toBe(false);
    expect(view.consent).toEqual({ given: true, at: null, by: null, withdrawnAt: null });
    expect(view.members[0]).toMatchObject({ name: '高*梅', idNumber: '6207**********9082', health: '***', groups: [], birthYear: null });
    expect(view.members[0]!.disability).toEqual({ kind: '***' });
    // The village's approximate centre (two decimals), never the household's own coordinates.
    expect(view.location).toEqual(approximateLocation(COMMUNITY.shahe));
    const text = JSON.stringify(view);
    for (const secret of ['高春梅', '13984541897', '独居老人', '高龄老人', '39.151', '100.162', '620723193805129082', '高血压']) {
      expect(text).not.toContain(secret);
    }
  });

  it('charity accounts may not read households at all (403), nor another station see them (404)', async () => {
    const id = await postHousehold(app, shahe);
    expect((await request(app).get(`/api/households/${id}`).set(charity.auth)).status).toBe(403);
    expect((await request(app).get('/api/households').set(charity.auth)).status).toBe(403);
    const organisation = await buildUser(app, { role: 'organisation' });
    expect((await request(app).get('/api/households').set(organisation.auth)).status).toBe(403);
    expect((await request(app).get(`/api/households/${id}`).set(pingchuan.auth)).status).toBe(404);
  });
});

describe('households: writes and lists', () => {
  it('rejects a community code that does not exist with 400 naming communityCode, and writes nothing', async () => {
    const before = await HouseholdModel.countDocuments();
    const res = await request(app)
      .post('/api/households')
      .set(shahe.auth)
      .send(householdBody({ communityCode: '620723101999' }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['communityCode']);
    expect(await HouseholdModel.countDocuments()).toBe(before);
  });

  it('rejects bad fields with 400 naming each one, and writes nothing', async () => {
    const before = await HouseholdModel.countDocuments();
    const res = await request(app)
      .post('/api/households')
      .set(shahe.auth)
      .send(householdBody({ phone: '1391234abc', groups: ['富人'], members: [{ name: '李', relation: '本人', idNumber: '123' }] }));
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['phone', 'groups.0', 'members.0.idNumber']));
    expect(await HouseholdModel.countDocuments()).toBe(before);
  });

  it('normalises phones written with spaces and +86', async () => {
    const id = await postHousehold(app, shahe, { phone: '+86 139 1271 1363' });
    const res = await request(app).get(`/api/households/${id}`).set(shahe.auth);
    expect(res.body.phone).toBe('13912711363');
  });

  it('patches fields and archives; an archived household is gone from reads', async () => {
    const id = await postHousehold(app, shahe);
    const patched = await request(app).patch(`/api/households/${id}`).set(shahe.auth).send({ keyTarget: false, notes: '子女每周回来一次' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ keyTarget: false, notes: '子女每周回来一次' });
    expect((await request(app).delete(`/api/households/${id}`).set(shahe.auth)).status).toBe(204);
    expect((await request(app).get(`/api/households/${id}`).set(shahe.auth)).status).toBe(404);
  });

  it('lists with filters and walks every page with the cursor, no duplicates', async () => {
    const coordinator = await buildCoordinator(app, LINZE.yanuan);
    for (let i = 0; i < 5; i++) {
      await postHousehold(app, coordinator, {
        communityCode: COMMUNITY.yanuan,
        headName: `测试户${'甲乙丙丁戊'[i]}`,
        address: `鸭暖镇白寨村${i}社1号`,
        keyTarget: i % 2 === 0,
        groups: i % 2 === 0 ? ['残疾人'] : ['低保对象'],
      });
    }
    const keyTargets = await request(app).get('/api/households').query({ keyTarget: 'true', group: '残疾人' }).set(coordinator.auth);
    expect(keyTargets.body.items).toHaveLength(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(app)
        .get('/api/households')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(coordinator.auth);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((h: { id: string }) => h.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});

describe('households: finding one and its profile (issue 12)', () => {
  it('finds a household by head or member name, by full phone in any writing, by the last four digits, and by village', async () => {
    const id = await postHousehold(app, shahe, {
      headName: '马玉兰',
      phone: '13709362468',
      communityCode: COMMUNITY.shaheVillage,
      address: '沙河镇花园村三社12号',
      members: [{ name: '马小军', relation: '孙子女', groups: [] }],
    });
    const other = await postHousehold(app, pingchuan, {
      headName: '马玉兰',
      phone: '13809362468',
      communityCode: COMMUNITY.pingchuan,
      address: '平川镇平川村一社',
    });
    const find = async (who: SignedIn, q: string) => {
      const res = await request(app).get('/api/households').set(who.auth).query({ q });
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ id: string }>).map((h) => h.id);
    };
    expect(await find(shahe, '马玉兰')).toEqual([id]);
    expect(await find(shahe, '马小军')).toEqual([id]);
    expect(await find(shahe, '137 0936 2468')).toEqual([id]);
    expect(await find(shahe, '2468')).toEqual([id]);
    expect(await find(shahe, '0000')).toEqual([]);
    expect(await find(shahe, '花园村')).toContain(id);
    expect(await find(pingchuan, '2468')).toEqual([other]);
    expect(new Set(await find(admin, '2468'))).toEqual(new Set([id, other]));
  });

  it('says in Chinese which search field is wrong', async () => {
    const res = await request(app)
      .get('/api/households')
      .set(shahe.auth)
      .query({ q: '长'.repeat(31) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ path: ['q'], message: '查找内容最多 30 个字' });
    const bad = await request(app)
      .post('/api/households')
      .set(shahe.auth)
      .send(householdBody({ headName: '长'.repeat(31), members: [{ name: '', relation: '本人', gender: 'x' }], keyTarget: 'yes' }));
    expect(bad.status).toBe(400);
    const messages = Object.fromEntries(
      (bad.body.error.issues as Array<{ path: Array<string | number>; message: string }>).map((i) => [i.path.join('.'), i.message]),
    );
    expect(messages).toMatchObject({
      headName: '户主姓名最多 30 个字',
      'members.0.name': '姓名不能为空',
      'members.0.gender': '性别不在可选范围内',
      keyTarget: '重点对象应为是或否',
    });
    for (const m of Object.values(messages)) expect(m).not.toMatch(/[A-Za-z]{2,}/u);
  });

  it('the profile gathers members, groups, needs with their outcome and assignments, referrals with answers; audited; 404 elsewhere', async () => {
    const id = await postHousehold(app, shahe, { headName: '杨桂香', phone: '13919371357' });
    const need = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send({
        communityCode: COMMUNITY.shahe,
        householdId: id,
        category: 'medical_escort',
        title: '陪同去县医院复查',
        location: { lat: 39.151, lng: 100.162 },
      });
    expect(need.status).toBe(201);
    const closed = await request(app)
      .post(`/api/needs/${need.body.id}/transitions`)
      .set(shahe.auth)
      .send({ to: 'closed', note: '家属已陪同' });
    expect(closed.status).toBe(200);
    const referral = await request(app)
      .post('/api/referrals')
      .set(shahe.auth)
      .send({ householdId: id, target: { kind: 'disability' }, request: '申请残疾人两项补贴' });
    expect(referral.status).toBe(201);
    expect(
      (
        await request(app)
          .post(`/api/referrals/${referral.body.id}/answer`)
          .set(shahe.auth)
          .send({ to: 'accepted', answer: '已受理，十个工作日内答复' })
      ).status,
    ).toBe(200);

    const res = await request(app).get(`/api/households/${id}/profile`).set(shahe.auth);
    expect(res.status).toBe(200);
    expect(res.body.household).toMatchObject({
      id,
      headName: '杨桂香',
      phone: '13919371357',
      masked: false,
      groups: ['独居老人', '高龄老人'],
    });
    expect(res.body.household.members[0].name).toBe('高春梅');
    expect(res.body.communityName).toBe('东关街社区');
    expect(res.body.needs).toHaveLength(1);
    expect(res.body.needs[0]).toMatchObject({ id: need.body.id, title: '陪同去县医院复查', categoryName: '助医/陪诊', assignments: [] });
    expect(res.body.needs[0].outcome).toBe('已关闭：家属已陪同');
    expect(res.body.referrals).toEqual([
      expect.objectContaining({
        targetName: '残联',
        request: '申请残疾人两项补贴',
        status: 'accepted',
        answer: '已受理，十个工作日内答复',
      }),
    ]);
    expect(res.body.visits).toEqual([]);
    expect(res.body.cases).toEqual([]);
    const audited = await AuditModel.find({
      actorId: shahe.userId,
      action: 'read_sensitive',
      entity: 'referral',
      entityId: referral.body.id,
    });
    expect(audited.length).toBeGreaterThan(0);

    expect((await request(app).get(`/api/households/${id}/profile`).set(pingchuan.auth)).status).toBe(404);
    expect((await request(app).get(`/api/households/${id}/profile`).set(volunteer.auth)).status).toBe(403);
    expect((await request(app).get(`/api/households/${id}/profile`).set(admin.auth)).body.household.masked).toBe(false);
  });
});
