/**
 * The coordinator's working day in a real browser (issue 12): a walk-in need with a new household →
 * suggestions (km as in the reason) → a hand-picked candidate → cancel → reassign → the volunteer
 * declines → the next-best is proposed → assign → accept → complete; and the no-candidate explanation
 * with a wider search. Every step fails on a console error or a visible Latin word.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearIndexCache } from '../../src/matching/index-cache.js';
import { COMMUNITY, needBody } from '../community/build.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, TEST_PASSWORD, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, shoot, signIn, useBrowser, visibleLatinWords } from './browser.js';

useTestDatabase();
let server: TestServer;
let coordinator: SignedIn;
let best: BuiltVolunteer;
let second: BuiltVolunteer;
let third: BuiltVolunteer;
const latin: string[] = [];

/** Visible Latin-letter words other than units and codes: nothing in English may reach a person (collected, asserted after each test). */
async function checkLatin(page: Page, where: string): Promise<void> {
  const words = await visibleLatinWords(page);
  if (words.length) latin.push(`${where}: ${[...new Set(words)].join(', ')}`);
}

const helper = (name: string, location: { lat: number; lng: number }, skills: string[]) => ({
  name,
  skills,
  description: '住在县城，每天中午可以帮老人送饭、买菜',
  availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '07:00', end: '21:00' })),
  location,
  radiusKm: 15,
  maxActive: 3,
});

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '沙河镇社工站 李社工' });
  // Three meal helpers at rising distances from 花园村: the ranking is best, second, third.
  best = await buildVolunteer(server.app, {
    approver: coordinator,
    profile: helper('王秀英', { lat: 39.15, lng: 100.16 }, ['送餐', '做饭', '买菜']),
  });
  second = await buildVolunteer(server.app, {
    approver: coordinator,
    profile: helper('刘建国', { lat: 39.19, lng: 100.16 }, ['送餐', '做饭']),
  });
  third = await buildVolunteer(server.app, { approver: coordinator, profile: helper('陈志强', { lat: 39.23, lng: 100.16 }, ['送餐']) });
  clearIndexCache();
}, 180_000);

afterAll(async () => {
  await server?.close();
});
const { open, openSignedIn } = useBrowser(() => server.url);

afterEach(() => {
  const found = latin.splice(0);
  expect(found, found.join('\n')).toEqual([]);
});

describe("the coordinator's day in a real browser", { timeout: 150_000 }, () => {
  it('walk-in need with a new household → hand pick → cancel → reassign → decline → next-best → complete', async () => {
    const desk = await openSignedIn(DESKTOP, 'coordinator', coordinator.username, '实时看板');
    await checkLatin(desk, 'board');

    // Record the need: the household is not found, so it is created on the spot.
    await desk.getByRole('link', { name: '登记需求' }).click();
    await desk.getByRole('heading', { level: 1, name: '登记需求' }).waitFor();
    await desk.getByLabel('查找服务对象户').fill('马桂兰');
    await desk.getByRole('button', { name: '查找', exact: true }).click();
    await desk.getByText('没有找到，可新建服务对象户').waitFor();
    await desk.getByRole('button', { name: '找不到？新建服务对象户' }).click();
    expect(await desk.getByLabel('户主姓名（最多 30 个字）').inputValue()).toBe('马桂兰');
    await desk.getByLabel('联系电话').fill('13912345678');
    await desk.getByLabel('所在村(社区)').selectOption(COMMUNITY.shaheVillage);
    await desk.getByLabel('地址（最多 200 个字）').fill('沙河镇花园村三社12号');
    await desk.getByRole('checkbox', { name: '独居老人' }).check();
    await desk.getByLabel('服务类别').selectOption('meal');
    await desk.getByLabel('情况描述（最多 4000 个字）').fill('独居老人腿脚不便，做饭困难，需要每天中午送饭上门');
    await desk.getByLabel('紧急程度').selectOption('high');
    await checkLatin(desk, 'need-new');
    await shoot(desk, 'need-new');
    await desk.getByRole('button', { name: '登记需求' }).click();

    // The need page names the household, its village and phone; suggestions carry km equal to the reason's.
    await desk.getByRole('heading', { level: 1, name: '助餐/送餐' }).waitFor();
    const needId = desk.url().split('/').pop()!;
    const info = desk.locator('[data-need-info]');
    await info.getByText('马桂兰').waitFor();
    await info.getByText('13912345678').waitFor();
    await info.getByText('花园村').waitFor();
    const top = desk.locator('#sug ~ div .suggestion').first();
    await top.waitFor();
    expect(await top.getAttribute('data-candidate-id')).toBe(best.id);
    for (const s of await desk.locator('.suggestion').all()) {
      const header = await s.locator('[data-km]').textContent();
      const reason = await s.locator('.reason', { hasText: '距离' }).first().textContent();
      const km = (t: string | null) => /([\d.]+) 公里/u.exec(t ?? '')?.[1];
      expect(km(header)).toBe(km(reason));
    }
    expect(await desk.locator('.suggestion .reason-for').count()).toBeGreaterThan(0);
    await checkLatin(desk, 'need-detail');
    await shoot(desk, 'need-suggestions');

    // Hand pick: the third helper, found by name, though the engine ranks it last.
    await desk.getByLabel('按名称查找候选').fill('陈志强');
    await desk.getByRole('button', { name: '查找候选' }).click();
    await desk.locator(`[data-pick="${third.id}"]`).click();
    await desk.getByText('已指派给 陈志强').waitFor();
    const firstAssignment = desk.locator('#asg ~ div li[data-status="pending"]');
    await firstAssignment.waitFor();

    // Cancel it at once (pending is never stuck), with a reason.
    await firstAssignment.getByLabel('取消或改派的原因').fill('对方临时外出');
    await firstAssignment.getByRole('button', { name: '取消指派' }).click();
    await desk.locator('#asg ~ div li[data-status="cancelled"]').waitFor();
    await desk.getByText('取消原因：对方临时外出').waitFor();

    // Reassign: the best suggestion.
    await desk.locator(`.suggestion[data-candidate-id="${best.id}"] [data-assign]`).click();
    await desk.getByText('已指派给 王秀英').waitFor();
    await desk.locator('#asg ~ div li[data-status="pending"]').waitFor();

    // The volunteer declines on the phone.
    const phone = await openSignedIn(PHONE, 'volunteer', best.phone, '我的任务');
    const card = phone.locator('.task-card[data-status="pending"]').first();
    await card.getByRole('button', { name: '婉拒' }).click();
    await card.getByLabel('婉拒原因', { exact: true }).fill('这周要去外地看孙子');
    await card.getByRole('button', { name: '确认婉拒' }).click();
    await phone.locator('.task-card[data-status="declined"]').first().waitFor();
    await checkLatin(phone, 'tasks');

    // The need page updates live: the next-best is at the top and the decliner is gone.
    await desk.locator('#asg ~ div li[data-status="declined"]').waitFor();
    await desk.getByText('婉拒原因：这周要去外地看孙子').waitFor();
    await expect.poll(() => desk.locator('.suggestion').first().getAttribute('data-candidate-id')).toBe(second.id);
    expect(await desk.locator(`.suggestion[data-candidate-id="${best.id}"]`).count()).toBe(0);
    await desk.locator(`.suggestion[data-candidate-id="${second.id}"] [data-assign]`).click();
    await desk.getByText('已指派给 刘建国').waitFor();

    // The next-best accepts and completes.
    const phone2 = await openSignedIn(PHONE, 'volunteer-2', second.phone, '我的任务');
    const task = phone2.locator('.task-card[data-status="pending"]').first();
    await task.getByRole('button', { name: '接受' }).click();
    const accepted = phone2.locator('.task-card[data-status="accepted"]').first();
    await accepted.getByLabel('服务时长（小时）').fill('1.5');
    await accepted.getByRole('button', { name: '完成服务' }).click();
    await phone2.locator('.task-card[data-status="completed"]').first().waitFor();

    await desk.locator('#asg ~ div li[data-status="completed"]').waitFor();
    await desk.getByRole('heading', { level: 1, name: '助餐/送餐' }).locator('..').getByText('已完成').waitFor();
    await checkLatin(desk, 'need-done');
    await shoot(desk, 'need-completed');

    const need = (await request(server.app).get(`/api/needs/${needId}`).set(coordinator.auth)).body;
    expect(need.status).toBe('fulfilled');
    expect(need.household.name).toBe('马桂兰');
  });

  it('no candidates: the need page says how many each hard rule excluded, and a wider search finds some', async () => {
    // At least 24 km north of every helper (radius 15 km): nobody within reach, the nearest within 25 km.
    const res = await request(server.app)
      .post('/api/needs')
      .set(coordinator.auth)
      .send(needBody({ title: '远处的送餐需求', location: { lat: 39.45, lng: 100.16 }, schedule: { kind: 'recurring', windows: [] } }));
    expect(res.status).toBe(201);
    const desk = await openSignedIn(DESKTOP, 'coordinator-none', coordinator.username, '实时看板');
    await desk.goto(`/needs/${res.body.id}`);
    await desk.getByRole('heading', { level: 1, name: '远处的送餐需求' }).waitFor();
    await desk.getByText('没有符合条件的候选，原因如下：').waitFor();
    const radius = desk.locator('[data-census] [data-rule="volunteerRadius"]');
    await radius.waitFor();
    expect(await radius.textContent()).toContain('超出服务半径');
    expect(await radius.textContent()).toMatch(/[1-9]\d* 个/u);
    await checkLatin(desk, 'census');
    await shoot(desk, 'need-no-candidates');

    await desk.getByRole('button', { name: '扩大 10 公里再找' }).click();
    await desk.locator('[data-widened="10"]').waitFor();
    await desk.locator('.suggestion').first().waitFor();

    // Why not the one out of reach: the hand-pick search names the rule.
    await desk.getByLabel('按名称查找候选').fill('王秀英');
    await desk.getByRole('button', { name: '查找候选' }).click();
    const row = desk.locator(`.hits [data-candidate-id="${best.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-eligible')).toBe('false');
    await row.getByText('超出服务半径').waitFor();
    await checkLatin(desk, 'why-not');
  });

  it('the board shows true counts, filters by village and pages; one request fetches the suggestions on screen', async () => {
    for (let i = 0; i < 23; i++) {
      const r = await request(server.app)
        .post('/api/needs')
        .set(coordinator.auth)
        .send(needBody({ title: `花园村送餐 ${i + 1}`, communityCode: COMMUNITY.shaheVillage, location: undefined }));
      expect(r.status).toBe(201);
    }
    const counts = (await request(server.app).get('/api/needs/counts').set(coordinator.auth)).body;
    // What the village filter must show: the 23 above, and none of the earlier tests' needs there is open.
    const inVillage = await request(server.app)
      .get('/api/needs')
      .query({ communityCode: COMMUNITY.shaheVillage, status: 'open,matching', limit: 1 })
      .set(coordinator.auth);
    const villageTotal = inVillage.body.total as number;
    expect(villageTotal).toBe(23);
    // The unfiltered board shows more, so the filtered total below cannot be read off the unfiltered board.
    expect(counts.open).toBeGreaterThan(villageTotal);
    const desk = await open(DESKTOP, 'coordinator-board');
    const batches: string[][] = [];
    const singles: string[] = [];
    const loads: string[] = [];
    desk.on('request', (r) => {
      if (/\/api\/needs\?/u.test(r.url())) loads.push(r.url());
      if (r.url().endsWith('/api/matching/suggestions')) batches.push((r.postDataJSON() as { needIds: string[] }).needIds);
      if (/\/api\/needs\/[a-f0-9]{24}\/suggestions/u.test(r.url())) singles.push(r.url());
    });
    await signIn(desk, coordinator.username, TEST_PASSWORD, '实时看板');
    await desk.locator('[data-stat="open"] strong').getByText(String(counts.open), { exact: true }).waitFor();
    expect(counts.open).toBeGreaterThan(20);
    await desk.locator('.need-card .suggestion').first().waitFor();
    expect(await desk.locator('.need-card').count()).toBe(20);
    // The candidates on screen come from ONE batch request per load of the board (the first load, and the
    // catch-up when the live connection is ready) naming every need card, and from no per-need request.
    const onScreen = await desk.locator('.need-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-need-id')).sort());
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(loads.length);
    for (const ids of batches) expect([...ids].sort()).toEqual(onScreen);
    expect(await desk.locator('.need-card').getByText('正在计算推荐…').count()).toBe(0);
    expect(await desk.locator('.need-card:has(.suggestion)').count()).toBeGreaterThan(0);
    expect(singles).toEqual([]);

    await desk.getByLabel('村(社区)').selectOption(COMMUNITY.shaheVillage);
    await desk.getByRole('button', { name: '筛选' }).click();
    await desk.getByText(`共 ${villageTotal} 条，第 1 页`, { exact: true }).waitFor();
    const who = await desk.locator('.need-card [data-who]').allTextContents();
    expect(who.every((w) => w.includes('花园村'))).toBe(true);
    await desk.getByRole('button', { name: '下一页' }).click();
    await desk.getByText(/，第 2 页$/u).waitFor();
    await checkLatin(desk, 'board-filtered');
    await shoot(desk, 'board-filtered');
  });
});
