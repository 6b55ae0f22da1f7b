import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, ensureConsoleBuilt, launchBrowser, markNoReload, newContext, shoot, signIn, stillNoReload, watchErrors } from './browser.js';

const PASSWORD = 'pass-word-123';
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/questionnaire-utf8.csv');

useTestDatabase();
let server: TestServer;
let browser: Browser;
let coordinator: SignedIn;
let volunteer: BuiltVolunteer;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  ensureConsoleBuilt();
  await buildStations();
  server = await startTestServer();
  coordinator = await buildCoordinator(server.app, LINZE.shahe);
  // A helper in 沙河镇 (县城) who can cook, deliver meals and visit, free every day.
  volunteer = await buildVolunteer(server.app, {
    approver: coordinator,
    profile: {
      name: '李志愿',
      skills: ['送餐', '做饭', '探访', '陪聊', '买菜', '打扫'],
      description: '退休职工，住在县城东关街，可以给老人送饭、上门探访陪聊',
      availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '07:00', end: '21:00' })),
      location: { lat: 39.15, lng: 100.16 },
      radiusKm: 15,
      maxActive: 3,
    },
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

describe('the coordinator console in a real browser', () => {
  it('import → suggestions → assign; the volunteer sees it live and accepts; the board shows the acceptance live', async () => {
    // The volunteer is on the phone, on the task page, before anything is assigned.
    const phone = await open(PHONE, 'volunteer');
    await signIn(phone, volunteer.phone, PASSWORD, '我的任务');
    await phone.getByText('目前没有待办任务').waitFor();
    await markNoReload(phone);
    await shoot(phone, 'volunteer-empty');

    const desk = await open(DESKTOP, 'coordinator');
    await desk.goto('/');
    await desk.waitForURL('**/login');
    await shoot(desk, 'login');
    await signIn(desk, coordinator.username, PASSWORD, '实时看板');
    await desk.getByText('没有待匹配的需求').waitFor();

    // Import wizard: upload, mapping (auto-filled), dry run with problems row by row, commit with progress.
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '问卷导入' }).click();
    await desk.getByRole('heading', { level: 1, name: '问卷导入' }).waitFor();
    await desk.getByLabel('问卷导出文件').setInputFiles(FIXTURE);
    await desk.getByRole('button', { name: '上传' }).click();
    await desk.getByRole('button', { name: '下一步：试导入' }).waitFor();
    await shoot(desk, 'import-mapping');
    await desk.getByRole('button', { name: '下一步：试导入' }).click();
    await desk.locator('[data-dry-run="done"]').waitFor();
    const valid = Number(await desk.locator('[data-stat="valid"] strong').textContent());
    expect(valid).toBeGreaterThan(0);
    await shoot(desk, 'import-dry-run');
    await desk.getByRole('button', { name: /^正式导入/ }).click();
    await desk.locator('[data-done="true"]').waitFor();
    await expect.poll(() => desk.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await shoot(desk, 'import-done');

    // The board: open needs with suggestions and their reasons; the volunteer is among them.
    await desk.getByRole('link', { name: '去看板查看推荐' }).click();
    await desk.getByRole('heading', { level: 1, name: '实时看板' }).waitFor();
    const mine = desk.locator(`.need-card [data-candidate-id="${volunteer.id}"]`).first();
    await mine.waitFor();
    const reasons = await mine.locator('.reasons li').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => /[\u4e00-\u9fa5]/.test(r))).toBe(true);
    await markNoReload(desk);
    await shoot(desk, 'board');

    const card = desk.locator('.need-card').filter({ has: desk.locator(`[data-candidate-id="${volunteer.id}"]`) }).first();
    const needId = await card.getAttribute('data-need-id');
    expect(needId).toBeTruthy();
    await mine.getByRole('button', { name: '指派' }).click();
    await desk.getByText('已指派给 李志愿').waitFor();
    const row = desk.locator('.assignments-board [data-assignment-id]').first();
    await desk.locator('.assignments-board [data-status="pending"]').first().waitFor();
    const assignmentId = await row.getAttribute('data-assignment-id');

    // The phone shows the new task without a reload, then the volunteer accepts.
    const task = phone.locator(`.task-card[data-assignment-id="${assignmentId}"]`);
    await task.and(phone.locator('[data-status="pending"]')).waitFor();
    expect(await stillNoReload(phone)).toBe('still-here');
    await shoot(phone, 'volunteer-new-task');
    await task.getByRole('button', { name: '接受' }).click();
    await phone.locator(`.task-card[data-assignment-id="${assignmentId}"][data-status="accepted"]`).waitFor();
    await phone.getByText('服务对象：').first().waitFor();

    // The coordinator's board shows the acceptance, live.
    await desk.locator(`.assignments-board [data-assignment-id="${assignmentId}"][data-status="accepted"]`).waitFor();
    await desk.locator('.feed [data-event="assignment.accepted"]').waitFor();
    expect(await stillNoReload(desk)).toBe('still-here');
    await shoot(desk, 'board-accepted');

    // The volunteer completes with hours.
    const accepted = phone.locator(`.task-card[data-assignment-id="${assignmentId}"]`);
    await accepted.getByLabel('服务时长（小时）').fill('1.5');
    await accepted.getByRole('button', { name: '完成服务' }).click();
    await phone.locator(`.task-card[data-assignment-id="${assignmentId}"][data-status="completed"]`).waitFor();
    await shoot(phone, 'volunteer-completed');
    expect(await stillNoReload(phone)).toBe('still-here');
  });
});
