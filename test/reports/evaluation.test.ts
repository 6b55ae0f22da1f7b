import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { DEFAULT_SCHEME, scoreOf, starOf } from '../../src/evaluation/scheme.js';
import { stationMetrics } from '../../src/reports/service.js';
import { monthOf } from '../../src/shared/china-time.js';
import { createMonthlyVisitTasks } from '../../src/visits/service.js';
import { COMMUNITY, postHousehold, postNeed } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { binary, readSheet } from './xlsx.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const month = monthOf(new Date());
const STATIONS = [LINZE.shahe, LINZE.pingchuan, LINZE.yanuan];
let admin: SignedIn;
const coordinators: Record<string, SignedIn> = {};

async function ok(res: request.Response, status = 200) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

beforeAll(async () => {
  await buildStations();
  admin = await buildAdmin(app);
  for (const code of STATIONS) coordinators[code] = await buildCoordinator(app, code);
  const shahe = coordinators[LINZE.shahe]!;
  const pingchuan = coordinators[LINZE.pingchuan]!;

  // 沙河镇 meets the 宿州 standard: head, two certified workers, a supervisor with 10 years, a 30 m² office.
  for (const s of [
    { name: '赵站长', role: '站长', certLevel: '无', startDate: '2022-01-01' },
    { name: '钱社工', role: '驻站社工', certLevel: '社会工作师', startDate: '2022-03-01' },
    { name: '孙社工', role: '驻站社工', certLevel: '助理社会工作师', startDate: '2023-03-01' },
    { name: '李督导', role: '督导', certLevel: '高级社会工作师', startDate: '2022-01-01', practiceSince: '2014-01-01' },
  ])
    await ok(
      await request(app)
        .post('/api/staff')
        .set(shahe.auth)
        .send({ stationCode: LINZE.shahe, ...s }),
      201,
    );
  await ok(
    await request(app)
      .put(`/api/staff/site/${LINZE.shahe}`)
      .set(shahe.auth)
      .send({
        officeAreaM2: 30,
        activityRooms: [{ name: '小组活动室', areaM2: 40 }],
        equipment: ['桌椅', '电脑', '打印机', '档案柜'].map((item) => ({ item, present: true })),
        signage: true,
      }),
  );
  for (const kind of ['服务承诺', '投诉', '督导', '评估', '档案管理'])
    await ok(
      await request(app)
        .post('/api/staff/documents')
        .set(shahe.auth)
        .send({ stationCode: LINZE.shahe, kind, title: `${kind}制度`, adoptedOn: '2023-01-01' }),
      201,
    );

  // 平川镇 half-way: one certified worker of two, a 15 m² office, two of four items, two mechanisms.
  for (const s of [
    { name: '周社工', role: '驻站社工', certLevel: '助理社会工作师', startDate: '2023-01-01' },
    { name: '吴社工', role: '驻站社工', certLevel: '无', startDate: '2023-06-01' },
  ])
    await ok(
      await request(app)
        .post('/api/staff')
        .set(pingchuan.auth)
        .send({ stationCode: LINZE.pingchuan, ...s }),
      201,
    );
  await ok(
    await request(app)
      .put(`/api/staff/site/${LINZE.pingchuan}`)
      .set(pingchuan.auth)
      .send({
        officeAreaM2: 15,
        activityRooms: [],
        equipment: [
          { item: '桌椅', present: true },
          { item: '电脑', present: true },
          { item: '打印机', present: false },
          { item: '档案柜', present: false },
        ],
        signage: false,
      }),
  );
  for (const kind of ['服务承诺', '投诉'])
    await ok(
      await request(app)
        .post('/api/staff/documents')
        .set(pingchuan.auth)
        .send({ stationCode: LINZE.pingchuan, kind, title: `${kind}制度`, adoptedOn: '2023-01-01' }),
      201,
    );

  // Records: needs in both stations, key targets visited (沙河镇 all, 平川镇 none), linked resources.
  await postNeed(app, shahe);
  await postNeed(app, shahe, { title: '代购药品', category: 'medical_escort' });
  await postNeed(app, pingchuan, { communityCode: COMMUNITY.pingchuan });
  const household = await postHousehold(app, shahe);
  // One open case at 沙河镇 (station statistics of issue 13 count it for 个案服务数).
  await ok(
    await request(app)
      .post('/api/cases')
      .set(shahe.auth)
      .send({ householdId: household, personName: '高春梅', summary: '独居高龄，情绪低落' }),
    201,
  );
  await postHousehold(app, pingchuan, {
    communityCode: COMMUNITY.pingchuan,
    address: '平川镇平川村三社',
    headName: '王大爷',
    phone: '13900001111',
    members: [],
  });
  await createMonthlyVisitTasks(new Date());
  const due = await ok(await request(app).get('/api/visits').query({ month }).set(shahe.auth));
  for (const v of due.items) await ok(await request(app).post(`/api/visits/${v.id}/complete`).set(shahe.auth).send({ note: '上门探访' }));
  await ok(
    await request(app)
      .post('/api/interop/linked-resources')
      .set(shahe.auth)
      .send({ stationCode: LINZE.shahe, date: `${month}-02`, donor: '临泽农商银行', title: '助老物资', valueYuan: 60000 }),
    201,
  );
  await ok(
    await request(app)
      .post('/api/interop/linked-resources')
      .set(shahe.auth)
      .send({ stationCode: LINZE.shahe, date: `${month}-03`, donor: '爱心企业', title: '助学金', valueYuan: 50000 }),
    201,
  );
}, 120_000);

describe('station evaluation of the three demo stations, end to end', () => {
  it('plan → computed indicators match the records → evaluator scores → report with stars → publication', async () => {
    // 制定计划
    const round = await ok(
      await request(app)
        .post('/api/evaluation/rounds')
        .set(admin.auth)
        .send({
          name: `临泽县社工站${month.slice(0, 4)}年度评估`,
          period: { from: month, to: month },
          stationCodes: STATIONS,
          evaluators: [{ name: '陈评估', organisation: '第三方评估机构' }],
        }),
      201,
    );
    expect(round.status).toBe('planned');
    // Stations see nothing before publication.
    expect((await request(app).get(`/api/evaluation/rounds/${round.id}/results`).set(coordinators[LINZE.shahe]!.auth)).status).toBe(404);

    // 开展评估：computed part
    expect((await ok(await request(app).post(`/api/evaluation/rounds/${round.id}/compute`).set(admin.auth))).status).toBe('scoring');
    let results = await ok(await request(app).get(`/api/evaluation/rounds/${round.id}/results`).set(admin.auth));
    const shahe = results.find((r: { stationCode: string }) => r.stationCode === LINZE.shahe);
    const pingchuan = results.find((r: { stationCode: string }) => r.stationCode === LINZE.pingchuan);
    const yanuan = results.find((r: { stationCode: string }) => r.stationCode === LINZE.yanuan);
    const ind = (r: { indicators: Array<{ id: string; value: number | null; score: number; source: string }> }, id: string) =>
      r.indicators.find((i) => i.id === id)!;

    expect(ind(shahe, 'B1')).toMatchObject({ value: 3, score: 8, source: 'computed' });
    expect(ind(shahe, 'B2')).toMatchObject({ value: 1, score: 8 });
    expect(ind(shahe, 'B3').value).toBeGreaterThanOrEqual(5);
    expect(ind(shahe, 'B5')).toMatchObject({ value: 30, score: 5 });
    expect(ind(shahe, 'B9')).toMatchObject({ value: 1, score: 5 });
    expect(ind(pingchuan, 'B1')).toMatchObject({ value: 1, score: 4 });
    expect(ind(pingchuan, 'B2')).toMatchObject({ value: 0.5 });
    expect(ind(pingchuan, 'B2').score).toBeCloseTo((8 * 0.5) / 0.6, 2);
    expect(ind(pingchuan, 'B5')).toMatchObject({ value: 15, score: 2.5 });
    expect(ind(pingchuan, 'B7')).toMatchObject({ value: 0.5, score: 1.5 });
    expect(ind(pingchuan, 'B9')).toMatchObject({ value: 0.4, score: 2 });
    expect(ind(yanuan, 'B1')).toMatchObject({ value: 0, score: 0 });
    // Matching and visit figures equal the existing reports service's for the same records.
    const [m] = await stationMetrics({ kind: 'station', countyCode: LINZE.county, stationCode: LINZE.shahe }, month);
    expect(m!.needsCreated).toBe(2);
    expect(ind(shahe, 'O1').value).toBe(m!.visitRate);
    expect(ind(shahe, 'O1').value).toBe(1);
    expect(ind(shahe, 'O2').value).toBe(m!.matchRate);
    expect(ind(pingchuan, 'O1').value).toBe(0);
    expect(ind(shahe, 'O5')).toMatchObject({ value: 110000, score: 5 });
    // The station statistics fill cases, groups, activities and satisfaction from the records.
    expect(ind(shahe, 'O6')).toMatchObject({ source: 'computed', value: 1, score: 0 });
    expect(ind(pingchuan, 'O6')).toMatchObject({ source: 'computed', value: 0 });
    expect(ind(shahe, 'O7')).toMatchObject({ source: 'computed', value: 0 });
    expect(ind(shahe, 'O10')).toMatchObject({ source: 'computed', value: null, score: 0 });
    expect(ind(shahe, 'O9').source).toBe('missing');

    // The report cannot be issued while indicators are unscored.
    const early = await request(app).post(`/api/evaluation/rounds/${round.id}/report`).set(admin.auth);
    expect(early.status).toBe(409);

    // 开展评估：evaluator part (cases, groups, activities until the station statistics provide them; archives; satisfaction)
    const entries: Record<string, Record<string, { value?: number; score?: number }>> = {
      [LINZE.shahe]: { O6: { value: 12 }, O7: { value: 4 }, O8: { value: 8 }, O9: { score: 5 }, O10: { value: 0.96 } },
      [LINZE.pingchuan]: { O6: { value: 5 }, O7: { value: 1 }, O8: { value: 3 }, O9: { score: 3 }, O10: { value: 0.8 } },
      [LINZE.yanuan]: { O6: { value: 0 }, O7: { value: 0 }, O8: { value: 0 }, O9: { score: 1 }, O10: { value: 0.7 } },
    };
    for (const [code, items] of Object.entries(entries))
      for (const [id, body] of Object.entries(items))
        await ok(
          await request(app)
            .put(`/api/evaluation/rounds/${round.id}/stations/${code}/scores/${id}`)
            .set(admin.auth)
            .send({ ...body, note: '查阅台账', evidence: ['个案档案 2026-01'], reason: '核实纸质台账（系统上线前的服务）' }),
        );
    // A change needs a reason, and is recorded with who and why.
    const noReason = await request(app)
      .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.pingchuan}/scores/O9`)
      .set(admin.auth)
      .send({ score: 4 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('理由');
    await ok(
      await request(app)
        .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.pingchuan}/scores/O9`)
        .set(admin.auth)
        .send({ score: 4, reason: '补充提交了服务档案' }),
    );
    const tooHigh = await request(app)
      .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.pingchuan}/scores/O9`)
      .set(admin.auth)
      .send({ score: 9, reason: 'x' });
    expect(tooHigh.status).toBe(400);
    const changes = await ok(
      await request(app).get(`/api/evaluation/rounds/${round.id}/stations/${LINZE.pingchuan}/changes`).set(admin.auth),
    );
    const o9 = changes.filter((c: { indicatorId: string }) => c.indicatorId === 'O9');
    expect(o9.map((c: { toScore: number }) => c.toScore)).toEqual([3, 4]);
    expect(o9[1]).toMatchObject({ fromScore: 3, reason: '补充提交了服务档案', byName: '测试admin' });
    expect(changes.some((c: { indicatorId: string; reason: string }) => c.indicatorId === 'B1' && c.reason === '按业务记录自动计算')).toBe(
      true,
    );
    await ok(
      await request(app)
        .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.shahe}/conclusion`)
        .set(admin.auth)
        .send({ strengths: ['人员配备齐全，持证率高'], problems: ['需求匹配率偏低'], suggestions: ['加强志愿者队伍建设'] }),
      204,
    );
    // A coordinator may not score.
    expect(
      (
        await request(app)
          .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.shahe}/scores/O9`)
          .set(coordinators[LINZE.shahe]!.auth)
          .send({ score: 5 })
      ).status,
    ).toBe(403);

    // 出具报告
    expect((await ok(await request(app).post(`/api/evaluation/rounds/${round.id}/report`).set(admin.auth))).status).toBe('reported');
    expect(
      (
        await request(app)
          .put(`/api/evaluation/rounds/${round.id}/stations/${LINZE.shahe}/scores/O9`)
          .set(admin.auth)
          .send({ score: 1, reason: 'x' })
      ).status,
    ).toBe(409);
    results = await ok(await request(app).get(`/api/evaluation/rounds/${round.id}/results`).set(admin.auth));
    for (const r of results) {
      // Totals are the sums of the indicator scores, and the star follows the scheme's thresholds.
      const sum = r.indicators.reduce((s: number, i: { score: number }) => s + i.score, 0);
      expect(r.total).toBeCloseTo(sum, 1);
      expect(r.star).toEqual(starOf(DEFAULT_SCHEME, r.total));
      expect(r.groups.map((g: { name: string }) => g.name)).toEqual(['建设评估', '运行评估']);
    }
    const byCode = Object.fromEntries(results.map((r: { stationCode: string }) => [r.stationCode, r]));
    expect(byCode[LINZE.shahe].groups[0].score).toBe(40);
    expect(byCode[LINZE.shahe].star.level).toBeGreaterThanOrEqual(byCode[LINZE.pingchuan].star.level);
    expect(byCode[LINZE.yanuan].star).toEqual({ level: 0, name: '未定级' });
    expect(byCode[LINZE.shahe].strengths).toEqual(['人员配备齐全，持证率高']);
    expect(byCode[LINZE.pingchuan].problems.some((p: string) => p.includes('重点对象月度探访率'))).toBe(true);
    const o10 = DEFAULT_SCHEME.indicators.find((i) => i.id === 'O10')!;
    expect(byCode[LINZE.pingchuan].indicators.find((i: { id: string }) => i.id === 'O10').score).toBe(scoreOf(o10, 0.8));

    // The report exports: printable HTML and XLSX.
    const html = await request(app).get(`/api/evaluation/rounds/${round.id}/report.html`).set(admin.auth);
    expect(html.status).toBe(200);
    expect(html.text).toContain('评估结果汇总');
    expect(html.text).toContain('size: A4');
    expect(html.text).toContain(byCode[LINZE.shahe].star.name);
    const xlsx = await request(app).get(`/api/evaluation/rounds/${round.id}/report.xlsx`).set(admin.auth).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const summary = await readSheet(xlsx.body as Buffer, '评估结果汇总');
    expect(summary.rows[3]).toEqual(['社工站', '建设评估', '运行评估', '总分', '星级']);
    const shaheRow = summary.rows.find((r) => r[0] === byCode[LINZE.shahe].stationName)!;
    expect(shaheRow.slice(1)).toEqual([40, byCode[LINZE.shahe].groups[1].score, byCode[LINZE.shahe].total, byCode[LINZE.shahe].star.name]);

    // 结果公示: each station sees its own result, not the others'.
    expect((await ok(await request(app).post(`/api/evaluation/rounds/${round.id}/publish`).set(admin.auth))).status).toBe('published');
    const own = await ok(await request(app).get(`/api/evaluation/rounds/${round.id}/results`).set(coordinators[LINZE.pingchuan]!.auth));
    expect(own.map((r: { stationCode: string }) => r.stationCode)).toEqual([LINZE.pingchuan]);
    const listed = await ok(await request(app).get('/api/evaluation/rounds').set(coordinators[LINZE.pingchuan]!.auth));
    expect(listed.map((r: { id: string }) => r.id)).toEqual([round.id]);
  });

  it('a county replaces the scheme with a new version; a bad scheme is refused in Chinese', async () => {
    const custom = {
      ...DEFAULT_SCHEME,
      version: '2026.2-local',
      stars: [{ level: 1, name: '一星', minScore: 50 }, ...DEFAULT_SCHEME.stars.slice(1)],
    };
    expect((await ok(await request(app).put('/api/evaluation/scheme').set(admin.auth).send(custom))).version).toBe('2026.2-local');
    expect((await ok(await request(app).get('/api/evaluation/scheme').set(admin.auth))).version).toBe('2026.2-local');
    const broken = {
      ...DEFAULT_SCHEME,
      version: 'x',
      stars: [
        { level: 1, name: '一星', minScore: 90 },
        { level: 2, name: '二星', minScore: 80 },
      ],
    };
    const res = await request(app).put('/api/evaluation/scheme').set(admin.auth).send(broken);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('星级分数线必须随星级递增');
  });
});
