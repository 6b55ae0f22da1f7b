import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../src/shared/china-time.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { postNeed } from '../community/build.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, expectChineseOnly, shoot, useBrowser } from './browser.js';

const month = monthOf(new Date());

useTestDatabase();
let server: TestServer;
let admin: SignedIn;
let volunteer: BuiltVolunteer;
let needId: string;

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  admin = await buildUser(server.app, { role: 'admin', countyCode: LINZE.county, displayName: '县民政局' });
  const coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
  volunteer = await buildVolunteer(server.app, { approver: coordinator, profile: { name: '张秀兰' } });
  needId = await postNeed(server.app, coordinator, { title: '送餐上门' });
  for (let d = 1; d <= 3; d++)
    await recordServiceHours({
      countyCode: LINZE.county,
      volunteerId: volunteer.id,
      assignmentId: `as-${d}`,
      hours: 8,
      date: `${month}-0${d}`,
      recordedBy: coordinator.userId,
      confirmedByRecorder: true,
    });
}, 180_000);

afterAll(async () => {
  await server?.close();
});
// Every page a test leaves open is Chinese only.
const { open, openSignedIn } = useBrowser(() => server.url, { eachPage: (p) => expectChineseOnly(p) });

async function xlsxOf(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

describe('reports, evaluation and certificates in a real browser', { timeout: 120_000 }, () => {
  it('the admin downloads the monthly report and runs an evaluation round from plan to publication', async () => {
    const desk = await openSignedIn(DESKTOP, 'admin', admin.username, '全县概览');

    await desk.goto('/reports');
    await desk.getByRole('heading', { level: 1, name: '报表与台账' }).waitFor();
    await desk.locator('tr[data-indicator="volunteers.hours"]').getByText('24 小时').first().waitFor();
    const [report] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: '下载报表（Excel）' }).click()]);
    expect(report.suggestedFilename()).toContain('月报');
    const wb = await xlsxOf((await report.path())!);
    expect(wb.worksheets[0]!.name).toBe('报表');
    await expectChineseOnly(desk);
    await shoot(desk, 'reports');

    await desk.goto('/evaluation');
    await desk.getByRole('heading', { level: 1, name: '社工站评估' }).waitFor();
    await desk.getByLabel('沙河镇').check();
    await desk.getByLabel('评估期开始').fill(month);
    await desk.getByLabel('评估期结束').fill(month);
    await desk.getByLabel('评估人员').fill('陈评估');
    await desk.getByLabel('评估机构').fill('第三方评估机构');
    await desk.getByRole('button', { name: '制定计划' }).click();
    await desk.locator('[data-status="planned"]').waitFor();
    await expectChineseOnly(desk);

    await desk.getByRole('button', { name: '按业务记录计算指标' }).click();
    await desk.locator('[data-status="scoring"]').waitFor();
    await desk.locator('tr[data-indicator="B1"][data-source="computed"]').waitFor();

    // The evaluator scores archives and corrects what the records do not hold yet.
    const entries: Array<[string, string]> = [
      ['O6', '12'],
      ['O7', '4'],
      ['O8', '6'],
      ['O9', '5'],
      ['O10', '95'],
    ];
    for (const [id, value] of entries) {
      const form = desk.locator(`form[data-score-form="${LINZE.shahe}:${id}"]`);
      await form.locator('input[name=value]').fill(value);
      await form.locator('input[name=note]').fill('查阅服务档案');
      // Indicators the records already filled in need a reason to be corrected.
      if (await form.locator('input[name=reason]').isVisible()) await form.locator('input[name=reason]').fill('核实纸质台账');
      await form.getByRole('button', { name: '保存' }).click();
      await desk.locator(`tr[data-indicator="${id}"][data-source="entered"]`).waitFor();
    }
    await expect.poll(() => desk.locator('tr[data-source="missing"]').count()).toBe(0);

    await desk.getByRole('button', { name: '出具评估报告' }).click();
    await desk.locator('[data-status="reported"]').waitFor();
    await desk.getByRole('button', { name: '公示评估结果' }).click();
    await desk.locator('[data-status="published"]').waitFor();
    const star = await desk.locator(`section[data-station="${LINZE.shahe}"] [data-star]`).textContent();
    expect(star).toMatch(/星|未定级/);

    const [xlsx] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: '导出评估报告（Excel）' }).click()]);
    const book = await xlsxOf((await xlsx.path())!);
    expect(book.getWorksheet('评估结果汇总')).toBeDefined();
    await shoot(desk, 'evaluation-round');
  });

  it('the admin opens the 12-month trend charts and the stations side by side, and recomputes an ended month with a reason; sees star levels and prints a dispatch sheet', async () => {
    const desk = await openSignedIn(DESKTOP, 'admin-trends', admin.username, '全县概览');
    const nav = desk.getByRole('navigation', { name: '主导航' });
    for (const name of ['报表', '评估']) await nav.getByRole('link', { name }).waitFor();
    expect(await nav.getByRole('link', { name: '服务证明' }).count()).toBe(0);

    const trends = desk.getByRole('region', { name: '逐月趋势与互比互学' });
    await trends.locator('[data-trends="12"]').waitFor();
    expect(await trends.locator('svg.trend-svg g[data-month]').count()).toBe(12);
    await trends.getByLabel('指标').selectOption({ label: '志愿服务时长' });
    await trends.getByLabel('对比月份').selectOption(month);
    // This month is live: the 24 hours recorded for 沙河镇 show in its column and in the comparison.
    await trends.locator(`g[data-month="${month}"] text.v`).getByText('24').waitFor();
    const compare = trends.locator(`[data-compare="${month}"]`);
    await compare.getByText('24').first().waitFor();
    expect(await compare.locator('.chart-row').count()).toBeGreaterThanOrEqual(3);
    expect(await trends.locator(`tr[data-station="${LINZE.shahe}"] td`).count()).toBe(12);
    await expectChineseOnly(desk);

    await trends.getByText('重算月度快照').click();
    await trends.getByLabel('重算原因').fill('补录上月探访记录');
    await trends.getByRole('button', { name: '重算' }).click();
    await trends.getByText(/已重算 \d{4}-\d{2} 的 \d+ 个社工站快照/).waitFor();
    await trends.locator('li[data-recompute]').first().getByText('补录上月探访记录').waitFor();

    // 375 px: nothing wider than the screen (tables scroll inside their frame).
    await desk.setViewportSize(PHONE);
    await trends.locator('svg.trend-svg').waitFor();
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await desk.setViewportSize(DESKTOP);
    await shoot(desk, 'county-trends');

    // The station's volunteer list with star levels (cumulative confirmed hours).
    await nav.getByRole('link', { name: '工作统计' }).click();
    const star = desk.getByRole('region', { name: '志愿者星级' }).locator(`tr[data-volunteer="${volunteer.id}"]`);
    await star.getByText('24', { exact: true }).waitFor();
    expect(await star.locator('[data-star]').getAttribute('data-star')).toBe('0');
    await expectChineseOnly(desk);

    // From a need's page to its printable dispatch sheet.
    await desk.goto(`/needs/${needId}`);
    await desk.getByRole('link', { name: '打印派单单' }).click();
    await desk.getByRole('heading', { level: 1, name: '报表与台账' }).waitFor();
    expect(await desk.getByLabel('需求编号').inputValue()).toBe(needId);
    const [sheet] = await Promise.all([desk.waitForEvent('popup'), desk.getByRole('button', { name: '打印', exact: true }).click()]);
    await sheet.getByRole('heading', { name: '社会工作服务派单单' }).waitFor();
    await sheet.getByText('送餐上门').first().waitFor();
    await expectChineseOnly(sheet);
  });

  it('a volunteer sees their star level, downloads a certificate, and anyone verifies its code without signing in', async () => {
    const phone = await openSignedIn(PHONE, 'volunteer', volunteer.phone, '我的任务');
    // The volunteer's navigation leads to the certificate and to nothing of the staff's.
    await phone.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '服务证明' }).waitFor();
    expect(await phone.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '报表' }).count()).toBe(0);
    await phone.goto('/certificate');
    await phone.getByRole('heading', { level: 1, name: '我的志愿服务' }).waitFor();
    await phone.locator('[data-star="0"]').waitFor();
    await phone.getByRole('button', { name: '开具志愿服务记录证明' }).click();
    const code = (await phone.locator('[data-code]').getAttribute('data-code'))!;
    expect(code).toMatch(/^[A-Z2-9]{16}-[A-Z2-9]{20}$/);
    const [file] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('button', { name: '下载证明（可打印）' }).click()]);
    expect(file.suggestedFilename()).toContain('志愿服务记录证明');
    const html = fs.readFileSync((await file.path())!, 'utf8');
    expect(html).toContain('张秀兰');
    expect(html).toContain('24');
    expect(html).toContain(code);
    await expectChineseOnly(phone);
    await shoot(phone, 'certificate');

    const stranger = await open(PHONE, 'stranger');
    await stranger.goto(`/verify/${code}`);
    await stranger.getByText('该证明真实有效').waitFor();
    await expectChineseOnly(stranger);
    expect(await stranger.content()).toContain('张*兰');
    expect(await stranger.content()).not.toContain('张秀兰');
    // A code with its last character changed (to one it does not already have) is refused.
    const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    await stranger.goto(`/verify/${forged}`);
    await stranger.getByText('验证码无效').waitFor();
  });
});
