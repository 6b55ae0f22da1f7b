import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { postHousehold } from '../community/build.js';
import { LINZE, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DESKTOP, PHONE, shoot, useBrowser } from './browser.js';

useTestDatabase();
let server: TestServer;
let coordinator: SignedIn;

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
  // One key target of 沙河镇: its visit task exists from the moment it is flagged.
  await postHousehold(server.app, coordinator, { headName: '高春梅' });
}, 180_000);

afterAll(async () => {
  await server?.close();
});
const { openSignedIn } = useBrowser(() => server.url);

/** A datetime-local value two days back (or an hour back on the 1st–2nd, so the visit stays in this month). */
function backdated(): string {
  const now = new Date();
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1);
  const back = Math.min(2 * 86_400_000, now.getTime() - monthStart.getTime() - 3_600_000);
  const d = new Date(now.getTime() - Math.max(back, 60_000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe("the station's own work in a real browser", { timeout: 120_000 }, () => {
  it('backdated phone visit → finding becomes a need → case from it, intervention, closure with satisfaction; a group session; the month statistics', async () => {
    // On a phone (375 px): the month's visit list and a backdated phone visit.
    const phone = await openSignedIn(PHONE, 'coordinator-phone', coordinator.username, '实时看板');
    await phone.goto('/visits');
    await phone.getByRole('heading', { level: 1, name: '重点对象探访' }).waitFor();
    const row = phone.locator('.visit-row').filter({ hasText: '高春梅' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('due');
    await phone.getByRole('progressbar', { name: '按户探访率' }).waitFor();
    expect(await phone.getByRole('progressbar', { name: '按户探访率' }).getAttribute('aria-valuenow')).toBe('0');
    await shoot(phone, 'visits');

    await row.getByRole('button', { name: '登记探访' }).click();
    await row.getByLabel('探访时间').fill(backdated());
    await row.getByLabel('方式').selectOption('phone');
    await row.getByLabel('健康').selectOption('concern');
    await row.getByLabel('情况记录').fill('电话里说血压偏高，降压药快吃完了');
    await row.getByRole('button', { name: '保存探访' }).click();
    await row.locator('.visit-record').waitFor();
    expect(await row.getAttribute('data-status')).toBe('done');
    await phone.waitForFunction(() => document.querySelector('[aria-label="按户探访率"]')?.getAttribute('aria-valuenow') === '100');

    await row.getByLabel('需求标题').fill('代配降压药');
    await row.getByLabel('类别').selectOption('medical_escort');
    await row.getByRole('button', { name: '转为需求' }).click();
    await row.getByRole('link', { name: '代配降压药' }).waitFor();
    await shoot(phone, 'visit-follow-up');
    await row.getByRole('link', { name: '从此需求开个案' }).click();

    // The case from that need (phone still): intake, then the full cycle on the desktop.
    await phone.getByRole('heading', { name: /从需求“代配降压药”接案/ }).waitFor();
    await phone.getByLabel('服务对象姓名').fill('高春梅');
    await phone.getByRole('button', { name: '接案' }).click();
    await phone.getByRole('heading', { level: 1, name: '个案：高春梅' }).waitFor();
    const caseUrl = new URL(phone.url()).pathname;

    const desk = await openSignedIn(DESKTOP, 'coordinator-desk', coordinator.username, '实时看板');
    await desk.goto(caseUrl);
    await desk.getByRole('heading', { level: 1, name: '个案：高春梅' }).waitFor();
    await desk.getByLabel('问题与需求').fill('独居，高血压，取药不便');
    await desk.getByLabel('风险等级').selectOption('medium');
    await desk.getByRole('button', { name: '保存评估' }).click();
    await desk.getByLabel('服务目标（每行一个）').fill('按时服药\n每月复诊一次');
    await desk.getByRole('button', { name: '保存计划' }).click();
    await desk.getByLabel('服务内容').fill('联系乡镇卫生院家庭医生上门，代配一个月降压药');
    await desk.getByLabel('时长（分钟）').fill('90');
    await desk.getByRole('button', { name: '保存服务记录' }).click();
    await desk.locator('.interventions li').filter({ hasText: '代配一个月降压药' }).waitFor();
    await desk.getByLabel('服务成效').fill('已按时服药，血压平稳');
    await desk.getByLabel('服务对象满意度').selectOption('satisfied');
    await desk.getByRole('button', { name: '结案' }).click();
    await desk.locator('.case-status').filter({ hasText: '已结案' }).waitFor();
    await shoot(desk, 'case-closed');

    // A group session with sign-ins by name.
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '小组' }).click();
    await desk.getByRole('heading', { level: 1, name: '小组工作' }).waitFor();
    await desk.getByLabel('小组名称').fill('老年健康互助小组');
    await desk.getByLabel('小组目标').fill('慢病自我管理');
    await desk.getByLabel('成员').fill('张一，李二，王三');
    await desk.getByRole('button', { name: '建立' }).click();
    const group = desk.locator('.group').filter({ hasText: '老年健康互助小组' });
    await group.getByRole('button', { name: '记录一节活动' }).click();
    await group.getByLabel('活动内容').fill('认识高血压');
    await group.getByLabel('张一').check();
    await group.getByLabel('李二').check();
    await group.getByRole('button', { name: '保存签到' }).click();
    await desk.locator('.group').filter({ hasText: '已开展 1/4 节 · 共 2 人次' }).waitFor();
    await shoot(desk, 'groups');

    // The month's statistics show each of them.
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作统计' }).click();
    await desk.getByRole('heading', { level: 1, name: '工作统计' }).waitFor();
    const cell = async (figure: string) => (await desk.locator(`tr[data-figure="${figure}"] td`).first().textContent())?.trim();
    await desk.locator('table.station-stats').waitFor();
    expect(await cell('探访次数（含电话、视频）')).toBe('1');
    expect(await cell('入户走访户次')).toBe('0');
    expect(await cell('重点对象探访率（按户）')).toBe('100%（1/1 户）');
    expect(await cell('个案数（新开/结案/在案）')).toBe('1 / 1 / 0');
    expect(await cell('个案服务人次')).toBe('1');
    expect(await cell('小组数 / 场次 / 人次')).toBe('1 / 1 / 2');
    expect(await cell('满意率（满意+基本满意）')).toBe('100%（1 份）');
    expect(await cell('新增需求 / 已匹配 / 匹配率')).toBe('1 / 0 / 0%');
    await shoot(desk, 'station-stats');
  });
});
