import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { monthOf } from '../../src/shared/china-time.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { createMonthlyVisitTasks } from '../../src/visits/service.js';
import { postHousehold, postNeed } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildCharity, buildResource, buildVolunteer, type BuiltCharity, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { FULL_ID, FULL_PHONE, allText, binary, readSheet } from './xlsx.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const month = monthOf(new Date());
let coordinator: SignedIn;
let admin: SignedIn;
let volunteer: BuiltVolunteer;
let charity: BuiltCharity;
let needId: string;

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  admin = await buildAdmin(app);
  await postHousehold(app, coordinator);
  await createMonthlyVisitTasks(new Date());
  const due = await request(app).get('/api/visits').query({ month }).set(coordinator.auth);
  for (const v of due.body.items) {
    const done = await request(app)
      .post(`/api/visits/${v.id}/complete`)
      .set(coordinator.auth)
      .send({ note: '老人血压偏高，已提醒按时服药' });
    expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
  }
  // A title a spreadsheet would run as a formula if it were written as is.
  needId = await postNeed(app, coordinator, { title: '=HYPERLINK("http://evil.example","点我")', description: '+1 测试' });
  volunteer = await buildVolunteer(app, { approver: coordinator, profile: { name: '王丽' } });
  await recordServiceHours({
    countyCode: LINZE.county,
    volunteerId: volunteer.id,
    assignmentId: 'as-x',
    hours: 2.5,
    date: `${month}-01`,
    recordedBy: coordinator.userId,
    // Only confirmed hours count in reports; a coordinator's own entry is confirmed on record.
    confirmedByRecorder: true,
  });
  charity = await buildCharity(app, { name: '临泽爱心超市' });
  const r = await buildResource(app, charity, { title: '爱心米面油' });
  const alloc = await request(app)
    .post(`/api/resources/${r.id}/allocations`)
    .set(coordinator.auth)
    .send({ amount: 3, needCategory: 'material_aid', needId });
  expect(alloc.status).toBe(201);
});

async function download(path: string, who: SignedIn, query: Record<string, string> = {}) {
  const res = await request(app).get(path).query(query).set(who.auth).buffer(true).parse(binary);
  expect(res.status, String(res.body)).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return readSheet(res.body as Buffer);
}

describe('XLSX registers', () => {
  it('需求清单 opens with its sheet, headers and the need, and a formula-like title is written as text', async () => {
    const { sheetName, rows, numFmts } = await download('/api/exports/registers/needs.xlsx', coordinator, { period: month });
    expect(sheetName).toBe('需求清单');
    expect(rows[1]).toEqual(expect.arrayContaining(['序号', '需求编号', '类别', '需求', '状态', '承接方']));
    const row = rows.find((r) => r[1] === needId)!;
    expect(row).toBeDefined();
    expect(row[5]).toBe('助餐/送餐');
    // Formula injection: the cell is a string starting with an apostrophe, formatted as text; no formula anywhere.
    expect(row[6]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(typeof row[6]).toBe('string');
    expect(numFmts[rows.indexOf(row)]![6]).toBe('@');
    expect(rows.flat().some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
  });

  it('志愿服务时长明细: the coordinator sees the volunteer with a masked phone; the volunteer exports only their own', async () => {
    const { sheetName, rows } = await download('/api/exports/registers/hours.xlsx', coordinator, { period: month });
    expect(sheetName).toBe('志愿服务时长明细');
    expect(rows[1]).toEqual(['序号', '服务日期', '志愿者', '手机号', '服务社工站', '时长（小时）', '任务编号', '备注']);
    expect(rows[2]!.slice(0, 7)).toEqual([
      1,
      `${month}-01`,
      '王丽',
      `${volunteer.phone.slice(0, 3)}****${volunteer.phone.slice(-4)}`,
      LINZE.shahe,
      2.5,
      'as-x',
    ]);
    expect(allText(rows)).not.toMatch(FULL_PHONE);
    const own = await download('/api/exports/registers/hours.xlsx', volunteer, { period: month });
    expect(own.rows.slice(2)).toHaveLength(1);
  });

  it('慈善资源去向: the charity sees where its goods went but no need; staff see the need id', async () => {
    const mine = await download('/api/exports/registers/resource-destinations.xlsx', charity, { period: month });
    expect(mine.sheetName).toBe('慈善资源去向');
    expect(mine.rows[1]).toContain('接收社工站');
    const row = mine.rows[2]!;
    expect(row.slice(2, 7)).toEqual(['爱心米面油', '临泽爱心超市', 3, '份', '物资援助']);
    expect(row[8] ?? '').toBe('');
    expect(allText(mine.rows)).not.toContain(needId);
    const staff = await download('/api/exports/registers/resource-destinations.xlsx', coordinator, { period: month });
    expect(staff.rows[2]![8]).toBe(needId);
  });

  it('重点对象花名册: full for the station (and audited), masked on request; a charity may not export it', async () => {
    const full = await download('/api/exports/registers/key-targets.xlsx', coordinator);
    expect(full.sheetName).toBe('重点对象花名册');
    const row = full.rows[2]!;
    expect(row[3]).toBe('高春梅');
    expect(row[4]).toBe('13984541897');
    expect(String(row[8])).toContain('620723193805129082');
    const audits = await AuditModel.find({ actorId: coordinator.userId, action: 'export', entity: 'export.key-targets' }).lean();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.fields).toContain('members.idNumber');
    expect(await AuditModel.countDocuments({ actorId: coordinator.userId, action: 'read_sensitive', entity: 'household' })).toBeGreaterThan(
      0,
    );

    const masked = await download('/api/exports/registers/key-targets.xlsx', coordinator, { masked: 'true' });
    expect(masked.rows[2]![3]).toBe('高*梅');
    expect(allText(masked.rows)).not.toMatch(FULL_PHONE);
    expect(allText(masked.rows)).not.toMatch(FULL_ID);

    expect((await request(app).get('/api/exports/registers/key-targets.xlsx').set(charity.auth)).status).toBe(403);
    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect(
      (await request(app).get('/api/exports/registers/key-targets.xlsx').query({ stationCode: LINZE.shahe }).set(other.auth)).status,
    ).toBe(404);
  });

  it('月度探访台账: who, when, how, findings; the note in full for the station, audited', async () => {
    const { sheetName, rows } = await download('/api/exports/registers/visits.xlsx', coordinator, { period: month });
    expect(sheetName).toBe('月度探访台账');
    expect(rows[1]).toEqual(['序号', '探访日期', '村(社区)编码', '户主', '方式', '探访人', '发现', '情况记录', '跟进']);
    const row = rows[2]!;
    expect(row[3]).toBe('高春梅');
    expect(row[7]).toBe('老人血压偏高，已提醒按时服药');
    expect(
      await AuditModel.countDocuments({ actorId: coordinator.userId, entity: 'visit_record', action: 'read_sensitive' }),
    ).toBeGreaterThan(0);
    expect(await AuditModel.countDocuments({ actorId: coordinator.userId, entity: 'export.visits' })).toBe(1);
  });

  it('exports by non-privileged roles carry no full phone or ID number', async () => {
    for (const [path, who] of [
      ['/api/exports/registers/resource-destinations.xlsx', charity],
      ['/api/exports/registers/hours.xlsx', volunteer],
    ] as const) {
      const { rows } = await download(path, who, { period: month });
      expect(rows.length).toBeGreaterThan(2);
      expect(allText(rows)).not.toMatch(FULL_PHONE);
      expect(allText(rows)).not.toMatch(FULL_ID);
    }
  });

  it('every export is audited', async () => {
    await download('/api/exports/registers/needs.xlsx', admin, { period: month });
    const rows = await AuditModel.find({ actorId: admin.userId, action: 'export' }).lean();
    expect(rows.map((r) => r.entity)).toContain('export.needs');
  });
});

describe('the periodic report', () => {
  it('the monthly report has one row per indicator with this period, the previous and the year to date', async () => {
    const json = await request(app).get('/api/exports/reports').query({ period: month, stationCode: LINZE.shahe }).set(admin.auth);
    expect(json.status).toBe(200);
    const created = json.body.rows.find((r: { id: string }) => r.id === 'needs.created');
    expect(created).toMatchObject({ label: '新增需求数', current: 1, previous: 0, yearToDate: 1 });
    const hours = json.body.rows.find((r: { id: string }) => r.id === 'volunteers.hours');
    expect(hours.current).toBe(2.5);

    const { sheetName, rows } = await download('/api/exports/reports/report.xlsx', admin, { period: month, stationCode: LINZE.shahe });
    expect(sheetName).toBe('报表');
    expect(String(rows[0]![0])).toContain('月报');
    expect(String(rows[1]![0])).toContain('报告期');
    expect(rows[3]![1]).toBe('指标');
    const line = rows.find((r) => r[1] === '新增需求数')!;
    expect(line.slice(2)).toEqual(['件', 1, 0, 1]);
  });

  it('a quarter and a year are accepted; a bad period is a 400 in Chinese', async () => {
    const year = month.slice(0, 4);
    expect(
      (
        await request(app)
          .get('/api/exports/reports')
          .query({ period: `${year}-Q1` })
          .set(admin.auth)
      ).status,
    ).toBe(200);
    expect((await request(app).get('/api/exports/reports').query({ period: year }).set(admin.auth)).body.periodLabel).toBe(`${year}年`);
    const bad = await request(app).get('/api/exports/reports').query({ period: '2026-13' }).set(admin.auth);
    expect(bad.status).toBe(400);
  });

  it('a need dispatch sheet prints on A4 with page numbers', async () => {
    const res = await request(app).get(`/api/exports/needs/${needId}/dispatch-sheet.html`).set(coordinator.auth);
    expect(res.status).toBe(200);
    expect(res.text).toContain('社会工作服务派单单');
    expect(res.text).toContain('size: A4');
    expect(res.text).toContain('counter(page)');
    expect(res.text).toContain('&quot;http://evil.example&quot;');
  });
});
