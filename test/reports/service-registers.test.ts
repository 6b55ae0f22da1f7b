import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { dayOf, monthOf } from '../../src/shared/china-time.js';
import { postHousehold } from '../community/build.js';
import { eventually, testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { FULL_ID, FULL_PHONE, allText, binary, readSheet } from './xlsx.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const month = monthOf(new Date());
const today = dayOf(new Date());
let coordinator: SignedIn;
let other: SignedIn;
let admin: SignedIn;
let caseId: string;

async function ok(res: request.Response, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as { id: string };
}

async function download(path: string, who: SignedIn) {
  const res = await request(app).get(path).query({ period: month }).set(who.auth).buffer(true).parse(binary);
  expect(res.status, String(res.body)).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return readSheet(res.body as Buffer);
}

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  other = await buildCoordinator(app, LINZE.pingchuan);
  admin = await buildAdmin(app);
  const household = await postHousehold(app, coordinator);
  caseId = (await ok(await request(app).post('/api/cases').set(coordinator.auth).send({ householdId: household, personName: '高春梅' })))
    .id;
  await ok(
    await request(app).post(`/api/cases/${caseId}/assessment`).set(coordinator.auth).send({ problems: '独居，慢病', riskLevel: 'medium' }),
    200,
  );
  await ok(
    await request(app)
      .post(`/api/cases/${caseId}/plan`)
      .set(coordinator.auth)
      .send({ goals: ['按时服药'] }),
    200,
  );
  await ok(
    await request(app)
      .post(`/api/cases/${caseId}/interventions`)
      .set(coordinator.auth)
      .send({ date: today, method: '陪同', content: '=1+2 陪同就医', minutes: 90 }),
    200,
  );
  const group = await ok(
    await request(app)
      .post('/api/groups')
      .set(coordinator.auth)
      .send({ name: '老年健康互助小组', aim: '慢病自我管理', plannedSessions: 4, members: [{ name: '张一' }, { name: '李二' }] }),
  );
  await ok(
    await request(app)
      .post(`/api/groups/${group.id}/sessions`)
      .set(coordinator.auth)
      .send({ date: today, content: '认识慢病', attendance: ['张一', '李二'] }),
  );
  await ok(
    await request(app)
      .post('/api/activities')
      .set(coordinator.auth)
      .send({ title: '@重阳节敬老活动', date: today, kind: '节日慰问', participants: 40, signIns: ['赵四', '李二'] }),
  );
});

describe('service record registers (个案 / 小组 / 社区活动)', () => {
  it('个案台账: the case with this period’s interventions; names in full for the station, audited', async () => {
    const { sheetName, rows } = await download('/api/exports/registers/cases.xlsx', coordinator);
    expect(sheetName).toBe('个案台账');
    expect(rows[1]).toEqual(expect.arrayContaining(['序号', '个案编号', '服务对象', '个案社工', '本期服务次数', '本期服务记录']));
    const row = rows.find((r) => r[1] === caseId)!;
    expect(row).toBeDefined();
    expect(row[4]).toBe('高春梅');
    expect(row[11]).toBe(1);
    expect(row[12]).toBe(90);
    expect(String(row[13])).toContain('陪同就医');
    expect(await AuditModel.countDocuments({ actorId: coordinator.userId, entity: 'export.cases', action: 'export' })).toBe(1);
    expect(await AuditModel.countDocuments({ actorId: coordinator.userId, entity: 'case', action: 'read_sensitive' })).toBeGreaterThan(0);
  });

  it('小组活动台账: one row per session with its attendance', async () => {
    const { sheetName, rows } = await download('/api/exports/registers/groups.xlsx', coordinator);
    expect(sheetName).toBe('小组活动台账');
    expect(rows[1]).toEqual(expect.arrayContaining(['小组名称', '节次', '日期', '出勤人数', '出勤名单']));
    const row = rows.find((r) => r[1] === '老年健康互助小组')!;
    expect(row.slice(5, 10)).toEqual(['第1节', today, '认识慢病', 2, '张一、李二']);
    expect(await AuditModel.countDocuments({ actorId: coordinator.userId, entity: 'group', action: 'export' })).toBe(1);
  });

  it('社区活动台账: the activity with sign-ins; a formula-like title is written as text', async () => {
    const { sheetName, rows, numFmts } = await download('/api/exports/registers/activities.xlsx', coordinator);
    expect(sheetName).toBe('社区活动台账');
    expect(rows[1]).toEqual(expect.arrayContaining(['活动日期', '活动名称', '参与人次', '签到名单', '志愿者（时长）']));
    const row = rows.find((r) => String(r[3]).includes('重阳节敬老活动'))!;
    expect(row[3]).toBe(`'@重阳节敬老活动`);
    expect(numFmts[rows.indexOf(row)]![3]).toBe('@');
    expect(row[7]).toBe(40);
    expect(row[8]).toBe('赵四、李二');
  });

  it('another station’s coordinator gets none of these records; the county admin gets them, audited', async () => {
    for (const kind of ['cases', 'groups', 'activities']) {
      const { rows } = await download(`/api/exports/registers/${kind}.xlsx`, other);
      expect(rows.length, kind).toBe(2); // the title and the header only
      const county = await download(`/api/exports/registers/${kind}.xlsx`, admin);
      expect(county.rows.length, kind).toBe(3);
      expect(allText(county.rows)).not.toMatch(FULL_PHONE);
      expect(allText(county.rows)).not.toMatch(FULL_ID);
    }
    // The audit row may land just after the file's last byte: wait for it rather than for time.
    await eventually(async () =>
      expect(await AuditModel.countDocuments({ actorId: admin.userId, action: 'export', entity: /^export\./ })).toBe(3),
    );
  });

  it('nobody signed out may export them', async () => {
    const anon = await request(app).get('/api/exports/registers/cases.xlsx').query({ period: month });
    expect(anon.status).toBe(401);
  });
});
