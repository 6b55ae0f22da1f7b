import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../src/shared/china-time.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, ensureConsoleBuilt, launchBrowser, newContext, shoot, signIn, watchErrors } from './browser.js';

const PASSWORD = 'pass-word-123';
const month = monthOf(new Date());

useTestDatabase();
let server: TestServer;
let browser: Browser;
let admin: SignedIn;
let volunteer: BuiltVolunteer;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  ensureConsoleBuilt();
  await buildStations();
  server = await startTestServer();
  admin = await buildUser(server.app, { role: 'admin', countyCode: LINZE.county, displayName: '县民政局' });
  const coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
  volunteer = await buildVolunteer(server.app, { approver: coordinator, profile: { name: '张秀兰' } });
  for (let d = 1; d <= 3; d++)
    await recordServiceHours({
      countyCode: LINZE.county,
      volunteerId: volunteer.id,
      assignmentId: `as-${d}`,
      hours: 8,
      date: `${month}-0${d}`,
      recordedBy: coordinator.userId,
    });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(errors, errors.join('\n')).toEqual([]);
});

async function open(viewport = DESKTOP, who = 'page'): Promise<Page> {
  const context = await newContext(browser, server.url, viewport);
  contexts.push(context);
  const page = await context.newPage();
  watchErrors(page, errors, who);
  return page;
}

async function xlsxOf(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(path) as unknown as ArrayBuffer);
  return wb;
}

describe('reports, evaluation and certificates in a real browser', { timeout: 120_000 }, () => {
  it('the admin downloads the monthly report and runs an evaluation round from plan to publication', async () => {
    const desk = await open(DESKTOP, 'admin');
    await signIn(desk, admin.username, PASSWORD, '全县概览');

    await desk.goto('/reports');
    await desk.getByRole('heading', { level: 1, name: '报表与台账' }).waitFor();
    await desk.locator('tr[data-indicator="volunteers.hours"]').getByText('24 小时').first().waitFor();
    const [report] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: '下载报表（Excel）' }).click()]);
    expect(report.suggestedFilename()).toContain('月报');
    const wb = await xlsxOf((await report.path())!);
    expect(wb.worksheets[0]!.name).toBe('报表');
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

  it('a volunteer sees their star level, downloads a certificate, and anyone verifies its code without signing in', async () => {
    const phone = await open(PHONE, 'volunteer');
    await signIn(phone, volunteer.phone, PASSWORD, '我的任务');
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
    await shoot(phone, 'certificate');

    const stranger = await open(PHONE, 'stranger');
    await stranger.goto(`/verify/${code}`);
    await stranger.getByText('该证明真实有效').waitFor();
    expect(await stranger.content()).toContain('张*兰');
    expect(await stranger.content()).not.toContain('张秀兰');
    await stranger.goto(`/verify/${code.slice(0, -1)}A`);
    await stranger.getByText('验证码无效').waitFor();
  });
});
