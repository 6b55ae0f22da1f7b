import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHousehold } from '../community/build.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DESKTOP, PHONE, expectChineseOnly, shoot, signIn, useBrowser } from './browser.js';

useTestDatabase();
let server: TestServer;
let coordinator: SignedIn;
let admin: SignedIn;
let erasedId: string;

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
  admin = await buildUser(server.app, { role: 'admin', countyCode: LINZE.county, displayName: '县民政局' });
  await postHousehold(server.app, coordinator, {
    headName: '马玉兰',
    phone: '13709362468',
    communityCode: '620723101209',
    address: '沙河镇花园村三社12号',
    groups: ['残疾人', '独居老人'],
    members: [{ name: '马玉兰', relation: '本人', groups: ['残疾人'], disability: { kind: '肢体', grade: '二级' } }],
  });
  await postHousehold(server.app, coordinator, { headName: '高春梅', phone: '13984541897' });
  erasedId = await postHousehold(server.app, coordinator, {
    headName: '周淑珍',
    phone: '13893415520',
    members: [{ name: '周淑珍', relation: '本人', health: '糖尿病', groups: ['独居老人'] }],
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
});
const { open, openSignedIn } = useBrowser(() => server.url);

describe('households, referrals and accounts in a real browser', { timeout: 150_000 }, () => {
  it('finds a household by the last four digits of its phone, opens its profile, refers it and records the answer (closed loop)', async () => {
    const page = await openSignedIn(PHONE, 'coordinator-phone', coordinator.username, '实时看板');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '服务对象' }).click();
    await page.getByRole('heading', { level: 1, name: '服务对象' }).waitFor();
    await page.getByLabel('查找服务对象').fill('2468');
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForURL('**/households?q=2468');
    const rows = page.locator('.household-row');
    await rows.filter({ hasText: '马玉兰' }).waitFor();
    expect(await rows.count()).toBe(1);
    await expect.poll(() => page.locator('.household-row').first().textContent()).toContain('13709362468');
    await shoot(page, 'households-search');

    await rows.getByRole('link', { name: '马玉兰' }).click();
    await page.getByRole('heading', { level: 1, name: '服务对象档案：马玉兰' }).waitFor();
    await page.locator('.phone').filter({ hasText: '13709362468' }).waitFor();
    await page.getByText('残疾人、独居老人').waitFor();

    // The server's validation names the field in Chinese and the form marks it.
    const form = page.locator('.profile-referrals .referral-form');
    await form.locator('select[name="target.kind"]').selectOption('organisation');
    await form.getByLabel('转介事项').fill('需要康复训练上门服务');
    await form.getByRole('button', { name: '转介' }).click();
    const orgName = form.getByLabel('机构名称', { exact: true });
    await expect.poll(() => orgName.getAttribute('aria-invalid')).toBe('true');
    await form.locator('.field-error').filter({ hasText: '转介到社会组织时请填写机构名称' }).waitFor();
    await expectChineseOnly(page, 'referral validation');

    await form.locator('select[name="target.kind"]').selectOption('disability');
    await orgName.fill('');
    await form.getByLabel('转介事项').fill('申请残疾人两项补贴');
    await form.getByRole('button', { name: '转介' }).click();
    const referral = page.locator('.referral-row').filter({ hasText: '申请残疾人两项补贴' });
    await referral.waitFor();
    expect(await referral.getAttribute('data-status')).toBe('sent');
    await referral.getByText('已转介待回复').waitFor();
    await shoot(page, 'household-profile');

    // The answer comes back on the referrals page (desktop), and the household page shows the loop closed.
    const desk = await openSignedIn(DESKTOP, 'coordinator-desk', coordinator.username, '实时看板');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '转介' }).click();
    await desk.getByRole('heading', { level: 1, name: '转介' }).waitFor();
    const row = desk.locator('.referral-row').filter({ hasText: '申请残疾人两项补贴' });
    await row.getByRole('button', { name: '登记回复' }).click();
    await row.getByLabel('回复结果').selectOption('resolved');
    await row.getByLabel('回复内容').fill('残联已核定，下月起发放补贴');
    await row.getByRole('button', { name: '登记回复' }).last().click();
    const answered = desk.locator('.referral-row[data-status="resolved"]').filter({ hasText: '残联已核定，下月起发放补贴' });
    await answered.waitFor();
    await shoot(desk, 'referrals');

    await page.reload();
    await page.locator('.referral-row[data-status="resolved"]').filter({ hasText: '残联已核定，下月起发放补贴' }).waitFor();
    await page.locator('.referral-row').getByText('已解决').waitFor();

    // A referral made on the referrals page, household found by name.
    await desk.getByLabel('服务对象户').fill('高春梅');
    await desk.getByRole('button', { name: '查找', exact: true }).click();
    await desk
      .locator('.picker-results')
      .getByRole('button', { name: /高春梅/ })
      .click();
    await desk.locator('.referral-form select[name="target.kind"]').selectOption('health_center');
    await desk.locator('.referral-form').getByLabel('转介事项').fill('请家庭医生上门随访血压');
    await desk.locator('.referral-form').getByRole('button', { name: '转介' }).click();
    await desk.locator('.referral-row[data-status="sent"]').filter({ hasText: '请家庭医生上门随访血压' }).waitFor();
    await expectChineseOnly(desk, 'referrals after sending');
  });

  it('records a community activity with sign-ins, and satisfaction for a group (375 px)', async () => {
    const page = await openSignedIn(PHONE, 'coordinator-activities', coordinator.username, '实时看板');
    await page.goto('/activities');
    await page.getByRole('heading', { level: 1, name: '社区活动' }).waitFor();
    await page.getByLabel('活动名称').fill('重阳节敬老慰问');
    await page.getByLabel('活动类型').selectOption('节日慰问');
    await page.getByLabel('地点').fill('花园村村委会');
    await page.getByLabel('参与人次').fill('35');
    await page.getByLabel('签到').fill('马玉兰，高春梅');
    await page.getByRole('button', { name: '登记活动' }).click();
    const card = page.locator('.activity').filter({ hasText: '重阳节敬老慰问' });
    await card.waitFor();
    await card.getByText('参与 35 人次').waitFor();
    await shoot(page, 'activities');

    await page.goto('/groups');
    await page.getByRole('heading', { level: 1, name: '小组工作' }).waitFor();
    await page.getByLabel('小组名称').fill('康复互助小组');
    await page.getByLabel('成员').fill('马玉兰');
    await page.getByRole('button', { name: '建立' }).click();
    await page.locator('.group').filter({ hasText: '康复互助小组' }).waitFor();

    await page.goto('/satisfaction');
    await page.getByRole('heading', { level: 1, name: '满意度回访' }).waitFor();
    await page.getByLabel('回访对象').selectOption('group');
    await page.getByLabel('服务、个案或小组').selectOption({ label: '小组：康复互助小组' });
    await page.getByLabel('满意度').selectOption('basic');
    await page.getByLabel('回答人').fill('马玉兰');
    await page.getByRole('button', { name: '保存满意度' }).click();
    await page.locator('.satisfaction-row').filter({ hasText: '小组：康复互助小组' }).filter({ hasText: '基本满意' }).waitFor();
    await shoot(page, 'satisfaction');
  });

  it("the county admin exports a household's personal data and erases it on the person's request", async () => {
    const desk = await openSignedIn(DESKTOP, 'admin-privacy', admin.username, '全县概览');
    await desk.goto(`/households/${erasedId}`);
    await desk.getByRole('heading', { level: 1, name: '服务对象档案：周淑珍' }).waitFor();
    const rights = desk.getByRole('region', { name: '个人信息权利' });
    const [file] = await Promise.all([desk.waitForEvent('download'), rights.getByRole('button', { name: '导出全部个人信息' }).click()]);
    const exported = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
    expect(exported.household).toMatchObject({ headName: '周淑珍', phone: '13893415520' });

    // Erasure waits for a reason and the confirmation.
    const erase = rights.getByRole('button', { name: '删除个人信息' });
    expect(await erase.isDisabled()).toBe(true);
    await rights.getByLabel('删除理由').fill('本人书面申请删除');
    expect(await erase.isDisabled()).toBe(true);
    await rights.getByLabel('我已核实本人申请，知道删除后无法恢复').check();
    await erase.click();
    await desk.getByText('已删除（匿名化）该户个人信息').waitFor();
    await desk.getByRole('heading', { level: 1, name: '服务对象档案（已删除）' }).waitFor();
    expect(await desk.locator('main').textContent()).not.toMatch(/周淑珍|13893415520|糖尿病/);
    await expectChineseOnly(desk, 'privacy rights');
    await shoot(desk, 'household-erased');

    // The household is archived: the coordinator no longer finds it, and sees no rights card on any profile.
    const phone = await openSignedIn(PHONE, 'coordinator-privacy', coordinator.username, '实时看板');
    await phone.goto(`/households/${erasedId}`);
    await phone.getByText('服务对象户不存在或无权查看').waitFor();
    expect(await phone.getByRole('region', { name: '个人信息权利' }).count()).toBe(0);
  });

  it('the county admin resets a coordinator’s password; the coordinator must set their own, then signs out everywhere', async () => {
    const other = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '李社工' });
    // The coordinator is signed in on a phone: the reset ends that session.
    const phone = await openSignedIn(PHONE, 'li-phone', other.username, '实时看板');

    const desk = await openSignedIn(DESKTOP, 'admin', admin.username, '全县概览');
    await desk.locator('a.who').click();
    await desk.getByRole('heading', { level: 1, name: '我的账号' }).waitFor();
    const row = desk.locator(`li[data-username="${other.username}"]`);
    await row.getByLabel('李社工的新密码').fill('Chong-zhi-2026-x');
    await row.getByRole('button', { name: '重置密码' }).click();
    await desk.getByText('已重置“李社工”的密码').waitFor();
    await row.getByText('待本人改密码').waitFor();
    await shoot(desk, 'account-admin');

    // The phone's session is over: its next request lands on the sign-in page.
    await phone.goto('/needs');
    await phone.waitForURL('**/login');

    await signIn(phone, other.username, 'Chong-zhi-2026-x', '我的账号');
    await phone.getByRole('heading', { name: '请先设置新密码' }).waitFor();
    await phone.getByLabel('原密码').fill('Chong-zhi-2026-x');
    await phone.getByLabel('新密码', { exact: true }).fill('12345678');
    await phone.getByLabel('再次输入新密码').fill('12345678');
    await phone.getByRole('button', { name: '保存新密码' }).click();
    await expect.poll(() => phone.getByLabel('新密码', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await phone.locator('.field-error').filter({ hasText: '密码过于常见' }).waitFor();
    await expectChineseOnly(phone, 'password policy');

    await phone.getByLabel('新密码', { exact: true }).fill('Hua-yuan-cun-2026');
    await phone.getByLabel('再次输入新密码').fill('Hua-yuan-cun-2026');
    await phone.getByRole('button', { name: '保存新密码' }).click();
    await phone.getByRole('heading', { level: 1, name: '实时看板' }).waitFor();

    // Another device, then sign out everywhere from the phone: both end.
    const laptop = await open(DESKTOP, 'li-laptop');
    await signIn(laptop, other.username, 'Hua-yuan-cun-2026', '实时看板');
    await phone.locator('a.who').click();
    await phone.getByRole('heading', { level: 1, name: '我的账号' }).waitFor();
    await shoot(phone, 'account');
    await phone.getByRole('button', { name: '在所有设备上退出' }).click();
    await phone.waitForURL('**/login');
    // The server closes the laptop's live connection; the laptop finds its session over and shows the
    // sign-in page by itself (the in-between 重连中 may last too briefly to observe), and stays there.
    await laptop.waitForURL('**/login');
    await laptop.getByRole('button', { name: '登录' }).waitFor();
    await laptop.goto('/needs');
    await laptop.waitForURL('**/login');
  });
});
