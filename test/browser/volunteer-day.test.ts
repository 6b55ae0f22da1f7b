import fs from 'node:fs';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY, postHousehold, postNeed } from '../community/build.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, randomPhone, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DESKTOP, PHONE, expectChineseOnly, shoot, useBrowser } from './browser.js';

useTestDatabase();
let server: TestServer;
let coordinator: SignedIn;
let volunteer: BuiltVolunteer;

beforeAll(async () => {
  await buildStations();
  server = await startTestServer();
  coordinator = await buildUser(server.app, { role: 'coordinator', stationCode: LINZE.shahe, displayName: '王社工' });
  volunteer = await buildVolunteer(server.app, {
    approver: coordinator,
    profile: {
      name: '李志愿',
      skills: ['送餐', '探访'],
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
const { open, openSignedIn, expectConsoleError } = useBrowser(() => server.url);

const expectNoLatin = (page: Page) => expectChineseOnly(page);

/** The coordinator assigns a need to the volunteer through the API; the assignment's id. */
async function assignToVolunteer(needId: string): Promise<string> {
  const assigned = await request(server.app)
    .post('/api/assignments')
    .set(coordinator.auth)
    .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  return assigned.body.id as string;
}

describe("the volunteer's and the coordinator's day in a real browser", { timeout: 150_000 }, () => {
  it('a volunteer registers in the console with a certificate; the coordinator checks it and approves', async () => {
    const phoneNumber = randomPhone();
    const phone = await open(PHONE, 'registrant');
    await phone.goto('/login');
    await phone.getByRole('link', { name: '在线注册' }).click();
    await phone.getByRole('heading', { level: 1, name: '志愿者 / 社会组织注册' }).waitFor();
    await phone.getByLabel('所属社工站').selectOption(LINZE.shahe);
    await phone.getByLabel('常住村(社区)').selectOption(COMMUNITY.shaheVillage);
    await phone.getByLabel('姓名或组织名称').fill('赵护士');
    await phone.getByLabel('手机号（登录账号）').fill(phoneNumber);
    await phone.getByLabel('密码').fill('quiet-river-2026');
    await phone.getByLabel('技能').fill('量血压、陪诊');
    await phone.getByLabel('护士').check();
    await phone.getByLabel('周二上午').check();
    await expectNoLatin(phone);
    await shoot(phone, 'register');
    await phone.getByRole('button', { name: '提交注册申请' }).click();
    await phone.getByRole('heading', { name: '申请已提交' }).waitFor();
    await phone.getByText('注册申请已提交，审核通过后可用手机号登录').waitFor();

    const desk = await openSignedIn(DESKTOP, 'coordinator', coordinator.username, '实时看板');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '注册审核' }).click();
    await desk.getByRole('heading', { level: 1, name: '注册审核' }).waitFor();
    const card = desk.locator('.review-card').filter({ hasText: '赵护士' });
    await card.waitFor();
    await card.getByText('申报的证书：').waitFor();
    expect(await card.innerText()).toContain('护士');
    // Approving without checking the certificate is refused in the page.
    await card.getByRole('button', { name: '通过', exact: true }).click();
    await desk.getByText('请先核对证书原件').waitFor();
    await expectNoLatin(desk);
    await shoot(desk, 'approvals');
    await card.getByLabel(/已核对证书原件/u).check();
    await card.getByRole('button', { name: '通过', exact: true }).click();
    await desk.getByText('已通过：赵护士').waitFor();
    await card.waitFor({ state: 'detached' });

    const id = (await request(server.app).post('/api/auth/login').send({ username: phoneNumber, password: 'quiet-river-2026' })).body.user
      .subjectId as string;
    const profile = await request(server.app).get(`/api/volunteers/${id}`).set(coordinator.auth);
    expect(profile.body).toMatchObject({ status: 'approved', approved: true, verifiedCertifications: ['护士'], radiusKm: 5 });
    expect(profile.body.homeCommunityCode).toBe(COMMUNITY.shaheVillage);
    expect(profile.body.location).not.toBeNull();
  });

  it('the task card tells what and when without names before accepting; hours are confirmed (corrected) by the coordinator and count', async () => {
    const householdId = await postHousehold(server.app, coordinator, { headName: '高春梅' });
    const needId = await postNeed(server.app, coordinator, {
      householdId,
      title: '给高春梅送午饭',
      description: '高春梅独居，电话13984541897，住东关街11号楼6单元，需要中午送饭',
      schedule: { kind: 'recurring', windows: [{ day: 2, start: '11:00', end: '12:30' }] },
    });
    const assignmentId = await assignToVolunteer(needId);

    const phone = await openSignedIn(PHONE, 'volunteer', volunteer.phone, '我的任务');
    const task = phone.locator(`.task-card[data-assignment-id="${assignmentId}"]`);
    await task.and(phone.locator('[data-status="pending"]')).waitFor();
    const before = await task.innerText();
    expect(before).not.toContain('高春梅');
    expect(before).not.toContain('13984541897');
    expect(before).toContain('需要中午送饭');
    expect(before).toContain('周二 11:00–12:30');
    expect(before).toContain('东关街社区');
    await expectNoLatin(phone);
    await shoot(phone, 'task-card-before-accepting');
    await task.getByRole('button', { name: '接受' }).click();
    await phone.locator(`.task-card[data-assignment-id="${assignmentId}"][data-status="accepted"]`).waitFor();
    await phone.getByText('服务对象：').first().waitFor();
    const accepted = phone.locator(`.task-card[data-assignment-id="${assignmentId}"]`);
    await accepted.getByLabel('服务时长（小时）').fill('3');
    await accepted.getByLabel('服务情况').fill('送了午饭，陪老人聊了一会儿');
    await accepted.getByRole('button', { name: '完成服务' }).click();
    await phone.locator(`.task-card[data-assignment-id="${assignmentId}"][data-status="completed"]`).waitFor();

    // Not counted until confirmed.
    await phone.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的资料' }).click();
    await phone.getByRole('heading', { level: 1, name: '我的资料' }).waitFor();
    await phone.getByText('累计服务 0 小时').waitFor();
    await phone
      .getByText('另有 3 小时待社工确认')
      .waitFor()
      .catch(async (err: unknown) => {
        throw new Error(`${String(err)}\n${await phone.locator('main').innerText()}`);
      });

    const desk = await openSignedIn(DESKTOP, 'coordinator', coordinator.username, '实时看板');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '时长确认' }).click();
    await desk.getByRole('heading', { level: 1, name: '服务时长确认' }).waitFor();
    const entry = desk.locator('.hours-card').filter({ hasText: '李志愿' });
    await entry.waitFor();
    expect(await entry.innerText()).toContain('送了午饭，陪老人聊了一会儿');
    await expectNoLatin(desk);
    await shoot(desk, 'hours-confirm');
    await entry.getByLabel(/服务时长（小时）/u).fill('2.5');
    await entry.getByLabel('更正说明').fill('实际服务两个半小时');
    await entry.getByRole('button', { name: '确认' }).click();
    await desk.getByText('已更正为 2.5 小时并确认（原填 3 小时）').waitFor();
    await desk.getByText('没有待确认的服务时长').waitFor();

    await phone.reload();
    await phone.getByText('累计服务 2.5 小时').waitFor();
    await phone.locator('details').filter({ hasText: '最近的服务记录' }).locator('summary').click();
    await phone.getByText('已确认（社工更正：原填 3 小时）').waitFor();
    await expectNoLatin(phone);
    await shoot(phone, 'volunteer-profile-hours');
    const summary = await request(server.app).get('/api/volunteers/hours/summary').query({ by: 'volunteer' }).set(coordinator.auth);
    expect(summary.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: volunteer.id, hours: 2.5 })]));
  });

  it('an accept whose answer is lost on the way is sent again with the same Idempotency-Key and gets the first answer', async () => {
    const needId = await postNeed(server.app, coordinator, { title: '帮忙买菜', description: '腿脚不便，需要有人帮忙买菜' });
    const assignmentId = await assignToVolunteer(needId);

    const phone = await openSignedIn(PHONE, 'volunteer-lost-answer', volunteer.phone, '我的任务');
    const sent: { key: string | undefined; replayed: string | undefined }[] = [];
    await phone.route(`**/api/assignments/${assignmentId}/accept`, async (route) => {
      // The server accepts; the first answer is then lost on the way back, as on a dropped mobile connection.
      const answer = await route.fetch();
      sent.push({ key: route.request().headers()['idempotency-key'], replayed: answer.headers()['idempotent-replayed'] });
      if (sent.length === 1) await route.abort('connectionreset');
      else await route.fulfill({ response: answer });
    });
    expectConsoleError(/ERR_CONNECTION_RESET .*\/accept$/u);
    const task = phone.locator(`.task-card[data-assignment-id="${assignmentId}"]`);
    await task.getByRole('button', { name: '接受' }).click();
    // The live event may show the acceptance first; the console's retry follows its pause.
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(2);
    await phone.locator(`.task-card[data-assignment-id="${assignmentId}"][data-status="accepted"]`).waitFor();
    // The person sees the action succeed (the replayed first answer), not a network failure.
    await phone.getByText('已接受任务，服务对象信息已显示').waitFor();
    expect(await phone.getByText('网络连接失败').count()).toBe(0);
    expect(sent[0]!.key).toMatch(/^[0-9a-f]{32}$/u);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    expect(sent[1]!.replayed).toBe('true');
    const after = await request(server.app).get(`/api/assignments/${assignmentId}`).set(coordinator.auth);
    expect(after.body.status).toBe('accepted');
  });

  it('an import of a file without a village column finds villages in the addresses and reports the rows it could not place', async () => {
    const csv = [
      '户主姓名,联系电话,家庭住址,主要需求,需求描述,紧急程度,是否重点对象',
      '马兰英,13909361201,沙河镇花园村3组12号,助餐/送餐,独居，做饭困难（腿脚不便）。,紧急,是',
      '周福贵,13909361202,沙河镇西关村五组,探访关爱,老伴去世，想有人说说话,一般,否',
      // A row with only the platform's placeholders: skipped, not a list of problems.
      ',(跳过),(空),,,,',
      '钱小梅,13909361203,县城某小区,生活照料,需要打扫卫生,不紧急,否',
    ].join('\r\n');
    const file = `${fs.mkdtempSync('/tmp/no-village-')}/无村列问卷.csv`;
    fs.writeFileSync(file, `\uFEFF${csv}\r\n`, 'utf8');

    const desk = await openSignedIn(DESKTOP, 'coordinator-import', coordinator.username, '实时看板');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '问卷导入' }).click();
    await desk.getByRole('heading', { level: 1, name: '问卷导入' }).waitFor();
    const template = desk.waitForEvent('download');
    await desk.getByRole('button', { name: '下载导入模板' }).click();
    expect((await template).suggestedFilename()).toMatch(/\.xlsx$/u);
    await desk.getByLabel('问卷导出文件').setInputFiles(file);
    await desk.getByRole('button', { name: '上传' }).click();
    await desk.getByRole('button', { name: '下一步：试导入' }).click();
    await desk.locator('[data-dry-run="done"]').waitFor();
    const note = desk.locator('[data-village="from-address"]');
    await note.getByText('已从地址中识别出 2 行的村(社区)').waitFor();
    expect(await note.locator('[data-unplaced]').getAttribute('data-unplaced')).toBe('5');
    await desk.locator('[data-stat="skipped"]').getByText('1').waitFor();
    await desk.locator('[data-stat="valid"]').getByText('2').waitFor();
    await expectNoLatin(desk);
    await shoot(desk, 'import-no-village');
    const problems = desk.waitForEvent('download');
    await desk.getByRole('button', { name: '下载有问题的行' }).click();
    const saved = await (await problems).path();
    const rows = fs.readFileSync(saved, 'utf8');
    expect(rows).toContain('钱小梅');
    expect(rows).not.toContain('马兰英');

    await desk.getByRole('button', { name: '正式导入 2 行' }).click();
    await desk.locator('[data-import="completed"]').getByRole('heading', { name: '导入完成' }).waitFor();
    await desk.getByText(/导入已完成：新建 2 户/u).waitFor();
    await expectNoLatin(desk);

    const found = await request(server.app).get('/api/households').query({ limit: 200 }).set(coordinator.auth);
    const household = (found.body.items ?? found.body).find((x: { headName: string }) => x.headName === '马兰英');
    expect(household).toMatchObject({ communityCode: COMMUNITY.shaheVillage, keyTarget: true });
    const needs = await request(server.app).get('/api/needs').query({ limit: 200 }).set(coordinator.auth);
    const meal = (needs.body.items ?? needs.body).find((n: { description: string }) => n.description.includes('做饭困难'));
    // Full-width punctuation is kept as written; 紧急 means the same as on the board.
    expect(meal).toMatchObject({ description: '独居，做饭困难（腿脚不便）。', urgency: 'high' });
  });
});
