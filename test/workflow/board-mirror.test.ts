import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { assignmentMirror } from '../../src/assignments/repository.js';
import { AssignmentModel } from '../../src/assignments/model.js';
import { followUpsSettled } from '../../src/events/bus.js';
import { remindUnansweredTask } from '../../src/jobs/tasks/remind-unanswered.js';
import { rematchOpenNeedsTask } from '../../src/jobs/tasks/rematch-open-needs.js';
import { needMirror } from '../../src/needs/repository.js';
import { NeedModel } from '../../src/needs/model.js';
import { needBody, postHousehold } from '../community/build.js';
import { commandsDuring } from '../helpers/db-commands.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, mealHelperProfile, type BuiltVolunteer } from '../helpers/supply-factories.js';

// The board reads needs and assignments from the county mirrors: after every kind of write the mirrors
// must hold exactly what a fresh read of the database holds. A write path that forgets to tell the
// mirror fails here.
useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coordinator: SignedIn;
let admin: SignedIn;
let helpers: BuiltVolunteer[];

const byId = <T extends { _id: unknown }>(rows: T[]) => [...rows].sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));

/** The mirrors of the county equal a fresh load of the database (after the follow-ups of the answers). */
async function expectMirrorsFresh(step: string): Promise<void> {
  await followUpsSettled();
  const [needsHeld, needsStored, assignmentsHeld, assignmentsStored] = await Promise.all([
    needMirror.list(LINZE.county),
    NeedModel.find({ countyCode: LINZE.county }).lean(),
    assignmentMirror.list(LINZE.county),
    AssignmentModel.find({ countyCode: LINZE.county }).lean(),
  ]);
  expect(byId(needsHeld), `needs after ${step}`).toEqual(byId(needsStored));
  expect(byId(assignmentsHeld), `assignments after ${step}`).toEqual(byId(assignmentsStored));
}

beforeAll(async () => {
  await buildStations();
  [coordinator, admin] = await Promise.all([buildCoordinator(app, LINZE.shahe), buildAdmin(app)]);
  helpers = [];
  for (const name of ['王志愿', '李志愿', '赵志愿']) {
    helpers.push(await buildVolunteer(app, { approver: coordinator, profile: mealHelperProfile({ name }) }));
  }
});

const ok = (res: request.Response, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};
const post = (who: SignedIn, path: string, body: object = {}) => request(app).post(path).set(who.auth).send(body);
const assign = async (needId: string, helper: BuiltVolunteer) =>
  ok(await post(coordinator, '/api/assignments', { needId, candidate: { kind: 'volunteer', id: helper.id } }), 201).id as string;

describe('the board mirrors after every write path', () => {
  it('stay equal to a fresh load through create, edit, assign, decline, accept, start, complete, cancel, reassign, close, reopen, import and jobs', async () => {
    // The board is loaded first, so the mirrors are held while everything below happens.
    const board = ok(await request(app).get('/api/needs').set(admin.auth));
    expect(board.total).toBe(0);
    ok(await request(app).get('/api/assignments').set(coordinator.auth));
    await expectMirrorsFresh('the first load');

    const householdId = await postHousehold(app, coordinator, { headName: '张桂兰', phone: '13912345678' });
    const needId = ok(await post(coordinator, '/api/needs', needBody({ householdId })), 201).id as string;
    await expectMirrorsFresh('create');
    ok(await request(app).patch(`/api/needs/${needId}`).set(coordinator.auth).send({ urgency: 'high', title: '每天中午送餐' }));
    await expectMirrorsFresh('edit');

    const first = await assign(needId, helpers[0]!);
    await expectMirrorsFresh('assign');
    ok(await post(helpers[0]!, `/api/assignments/${first}/decline`, { reason: '这周外出' }));
    await expectMirrorsFresh('decline');

    const second = await assign(needId, helpers[1]!);
    ok(await post(helpers[1]!, `/api/assignments/${second}/accept`));
    await expectMirrorsFresh('accept');
    ok(await post(helpers[1]!, `/api/assignments/${second}/start`));
    await expectMirrorsFresh('start');
    ok(await post(helpers[1]!, `/api/assignments/${second}/complete`, { hours: 2, feedback: '已送到' }));
    await expectMirrorsFresh('complete');

    const other = ok(await post(coordinator, '/api/needs', needBody({ title: '帮忙买菜' })), 201).id as string;
    const third = await assign(other, helpers[0]!);
    ok(await post(coordinator, `/api/assignments/${third}/cancel`, { reason: '老人住院了' }));
    await expectMirrorsFresh('cancel');
    const fourth = await assign(other, helpers[2]!);
    ok(
      await post(coordinator, `/api/assignments/${fourth}/reassign`, {
        reason: '换一位更近的',
        candidate: { kind: 'volunteer', id: helpers[1]!.id },
      }),
      201,
    );
    await expectMirrorsFresh('reassign');

    const third2 = ok(await post(coordinator, '/api/needs', needBody({ title: '陪聊' })), 201).id as string;
    ok(await post(coordinator, `/api/needs/${third2}/close`, { reason: 'withdrawn' }));
    await expectMirrorsFresh('close');
    ok(await post(coordinator, `/api/needs/${third2}/reopen`, {}));
    await expectMirrorsFresh('reopen');

    // An import commits needs in bulk: the next read shows them all.
    const csv = [
      '户主姓名,联系电话,家庭住址,主要需求,需求描述,紧急程度,是否重点对象',
      '马兰英,13909361301,沙河镇花园村3组12号,助餐/送餐,独居，做饭困难。,紧急,是',
      '周福贵,13909361302,沙河镇西关村五组,探访关爱,想有人说说话,非常紧急,否',
    ].join('\r\n');
    const job = ok(
      await request(app)
        .post('/api/imports')
        .query({ filename: 'needs.csv' })
        .set(coordinator.auth)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(`\uFEFF${csv}\r\n`, 'utf8')),
      201,
    );
    const done = ok(await request(app).post(`/api/imports/${job.id}/commit`).query({ wait: 'true' }).set(coordinator.auth));
    expect(done.status).toBe('completed');
    const after = ok(await request(app).get('/api/needs').query({ q: '马兰英' }).set(coordinator.auth));
    expect(after.total).toBe(1);
    await expectMirrorsFresh('import commit');

    // Jobs: reminders mark pending assignments, escalation expires them, re-matching proposes again.
    const pendingOne = await assign(other === needId ? needId : third2, helpers[2]!);
    const HOUR = 3_600_000;
    await remindUnansweredTask.run({ now: new Date(Date.now() + 5 * HOUR), log: testLog });
    await expectMirrorsFresh('the reminder job');
    await remindUnansweredTask.run({ now: new Date(Date.now() + 25 * HOUR), log: testLog });
    const expired = ok(await request(app).get(`/api/assignments/${pendingOne}`).set(coordinator.auth));
    expect(expired.status).toBe('expired');
    await expectMirrorsFresh('the escalation job');
    await rematchOpenNeedsTask.run({ now: new Date(), log: testLog });
    await expectMirrorsFresh('the re-matching job');

    // And the board's own reads agree with the database.
    const counts = ok(await request(app).get('/api/needs/counts').set(admin.auth));
    const stored = await NeedModel.find({ countyCode: LINZE.county }).lean();
    const open = stored.filter((n) => n.status === 'open' || n.status === 'matching');
    expect(counts.open).toBe(open.length);
    expect(counts.urgent).toBe(open.filter((n) => n.urgency === 'high' || n.urgency === 'critical').length);
  });

  it('a page of 50 needs and the counts read no needs or assignments from the database: only households by _id', async () => {
    for (let i = 0; i < 60; i++) {
      const householdId = i % 3 === 0 ? await postHousehold(app, coordinator, { headName: `户主${i}` }) : undefined;
      ok(await post(coordinator, '/api/needs', needBody({ title: `需求 ${i}`, ...(householdId ? { householdId } : {}) })), 201);
    }
    let page: request.Response | undefined;
    const commands = await commandsDuring(async () => {
      page = await request(app).get('/api/needs').query({ limit: 50, sort: '-urgency' }).set(coordinator.auth);
      ok(await request(app).get('/api/needs/counts').set(coordinator.auth));
    });
    expect(ok(page!).items).toHaveLength(50);
    expect(commands.filter((c) => c.collection === 'needs' || c.collection === 'assignments')).toEqual([]);
    const households = commands.filter((c) => c.collection === 'households');
    expect(households.length).toBeGreaterThan(0);
    for (const c of households) expect(Object.keys(c.filter as object)).toEqual(['_id']);
  });
});
