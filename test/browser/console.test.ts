import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { postNeed } from '../community/build.js';
import { LINZE, TEST_PASSWORD, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildCharity, buildResource, buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, markNoReload, shoot, signIn, stillNoReload, useBrowser } from './browser.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/questionnaire-utf8.csv');

useTestDatabase();
let server: TestServer;
let coordinator: SignedIn;
let volunteer: BuiltVolunteer;

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
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
}, 180_000);

afterAll(async () => {
  await server?.close();
});
const { open, openSignedIn } = useBrowser(() => server.url);

describe('the coordinator console in a real browser', { timeout: 90_000 }, () => {
  it('import → suggestions → assign; the volunteer sees it live and accepts; the board shows the acceptance live', async () => {
    // The volunteer is on the phone, on the task page, before anything is assigned.
    const phone = await openSignedIn(PHONE, 'volunteer', volunteer.phone, '我的任务');
    await phone.getByText('目前没有待办任务').waitFor();
    await markNoReload(phone);
    await shoot(phone, 'volunteer-empty');

    const desk = await open(DESKTOP, 'coordinator');
    await desk.goto('/');
    await desk.waitForURL('**/login');
    await shoot(desk, 'login');
    await signIn(desk, coordinator.username, TEST_PASSWORD, '实时看板');
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

    const card = desk
      .locator('.need-card')
      .filter({ has: desk.locator(`[data-candidate-id="${volunteer.id}"]`) })
      .first();
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

    // Logout returns to the sign-in page and forgets the tokens.
    await phone.getByRole('button', { name: '退出' }).click();
    await phone.getByRole('button', { name: '登录' }).waitFor();
    expect(await phone.evaluate('localStorage.getItem("wushe.session")')).toBeNull();
  });

  it('catches up after a reconnect: the badge shows 重连中, then events missed meanwhile arrive (since)', async () => {
    const desk = await open(DESKTOP, 'coordinator-reconnect');
    // Hold socket.io handshakes while `held` is set: the client stays disconnected without network errors.
    let release: () => void = () => undefined;
    let held: Promise<void> | null = null;
    await desk.route('**/socket.io/**', async (route) => {
      if (held) await held;
      await route.continue();
    });
    await signIn(desk, coordinator.username, TEST_PASSWORD, '实时看板');
    await markNoReload(desk);

    held = new Promise<void>((r) => (release = r));
    server.live.io.disconnectSockets(true);
    await desk.locator('.conn[data-conn="reconnecting"]').getByText('重连中').waitFor();

    const missed = await postNeed(server.app, coordinator, { title: '断线期间登记的送餐需求', urgency: 'critical' });
    held = null;
    release();

    await desk.locator('.conn[data-conn="connected"]').getByText('已连接').waitFor();
    // The feed only shows events: this one reached the board through the catch-up.
    await desk.locator('.feed [data-event="need.created"]').filter({ hasText: '断线期间登记的送餐需求' }).waitFor();
    await desk.locator(`.need-card[data-need-id="${missed}"]`).waitFor();
    expect(await stillNoReload(desk)).toBe('still-here');
    await shoot(desk, 'board-after-reconnect');
  });

  it('refreshes the access token with the refresh token before it expires', async () => {
    const desk = await openSignedIn(DESKTOP, 'coordinator-refresh', coordinator.username, '实时看板');
    const stored = async () =>
      JSON.parse(String(await desk.evaluate('localStorage.getItem("wushe.session")'))) as {
        accessToken: string;
        refreshToken: string;
        expiresAt: number;
      };
    const before = await stored();
    // Pretend the token expires in 8 s: the page schedules its refresh a few seconds ahead of that.
    await desk.evaluate(
      `localStorage.setItem("wushe.session", JSON.stringify({ ...JSON.parse(localStorage.getItem("wushe.session")), expiresAt: Date.now() + 8000 }))`,
    );
    await desk.reload();
    await desk.getByRole('heading', { level: 1, name: '实时看板' }).waitFor();
    await expect.poll(async () => (await stored()).refreshToken, { timeout: 15_000 }).not.toBe(before.refreshToken);
    const after = await stored();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    // Close the page first: once the family ends, its scheduled refresh would fail with a 401 in the console.
    await desk.close();
    // The new access token works; the old refresh token died on use, and replaying it ends the whole session family.
    expect((await request(server.app).get('/api/auth/me').set('Authorization', `Bearer ${after.accessToken}`)).status).toBe(200);
    expect((await request(server.app).post('/api/auth/refresh').send({ refreshToken: before.refreshToken })).status).toBe(401);
    expect((await request(server.app).get('/api/auth/me').set('Authorization', `Bearer ${after.accessToken}`)).status).toBe(401);
  });

  it("needs list with filters, a need's page, county overview, charity home: at 375 px and 1280 px", async () => {
    const needId = await postNeed(server.app, coordinator, {
      title: '周三上午陪同去县医院复查',
      category: 'medical_escort',
      urgency: 'normal',
      skills: ['陪诊'],
    });
    const desk = await openSignedIn(DESKTOP, 'coordinator-pages', coordinator.username, '实时看板');

    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '需求清单' }).click();
    await desk.getByRole('heading', { level: 1, name: '需求清单' }).waitFor();
    await desk.locator('.need-row').first().waitFor();
    await desk.getByLabel('类别').selectOption('medical_escort');
    await desk.getByLabel('关键词').fill('县医院');
    await desk.getByRole('button', { name: '筛选' }).click();
    await desk.waitForURL(/category=medical_escort/);
    await desk.locator(`.need-row[data-need-id="${needId}"]`).waitFor();
    // Only medical-escort needs mentioning 县医院 remain (the imported file has some too).
    const rows = await desk.locator('.need-row').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('助医/陪诊'))).toBe(true);
    await shoot(desk, 'needs');

    await desk.getByRole('link', { name: '周三上午陪同去县医院复查' }).click();
    await desk.getByRole('heading', { level: 1, name: '周三上午陪同去县医院复查' }).waitFor();
    await desk.getByRole('heading', { name: '状态历史' }).waitFor();
    await desk.locator('.history li').first().waitFor();
    await desk.getByRole('heading', { name: '推荐人选与理由' }).waitFor();
    await desk.locator('.suggestions, .muted:has-text("暂无符合条件的候选")').first().waitFor();
    await shoot(desk, 'need-detail');

    // County overview for the county admin: stations side by side.
    const admin = await buildUser(server.app, { role: 'admin', countyCode: LINZE.county, displayName: '县民政局' });
    const county = await openSignedIn(DESKTOP, 'admin', admin.username, '全县概览');
    await county.locator(`table.report tr[data-station="${LINZE.shahe}"]`).waitFor();
    expect(await county.locator('figure.chart').count()).toBe(4);
    await shoot(county, 'county');

    // Charity: sees where its resource went (category, station, date, quantity), never who got it.
    const charity = await buildCharity(server.app);
    const rice = await buildResource(server.app, charity, { title: '爱心大米', quantity: { amount: 20, unit: '袋' } });
    const allocated = await request(server.app)
      .post(`/api/resources/${rice.id}/allocations`)
      .set(coordinator.auth)
      .send({ amount: 3, needCategory: 'material_aid', stationCode: LINZE.shahe });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    const giver = await openSignedIn(PHONE, 'charity', charity.username, '我的资源');
    const card = giver.locator(`[data-resource-id="${rice.id}"]`);
    await card.getByText('剩余 17/20 袋').waitFor();
    await card.getByRole('button', { name: /^去向/ }).click();
    await card.locator('.allocations table tbody tr').first().waitFor();
    const cells = await card.locator('.allocations table tbody tr').first().locator('td').allTextContents();
    expect(cells[1]).toBe('物资援助');
    expect(cells[2]).toContain('沙河');
    expect(cells[3]).toBe('3 袋');

    // Post a resource through the form, then edit it.
    await giver.getByLabel('名称').fill('冬季棉被');
    await giver.getByLabel('数量').fill('15');
    await giver.getByLabel('单位').fill('床');
    await giver.getByRole('button', { name: '发布' }).click();
    const quilt = giver.locator('.resource').filter({ hasText: '冬季棉被' });
    await quilt.waitFor();
    await quilt.getByRole('button', { name: '编辑' }).click();
    await quilt.getByLabel('名称').fill('冬季加厚棉被');
    await quilt.getByRole('button', { name: '保存' }).click();
    await giver.locator('.resource').filter({ hasText: '冬季加厚棉被' }).waitFor();
    await shoot(giver, 'charity');
  });
});
