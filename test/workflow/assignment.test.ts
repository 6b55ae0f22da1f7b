import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditModel } from '../../src/audit/model.js';
import { activeOf } from '../../src/volunteers/slots.js';
import { needBody, postHousehold } from '../community/build.js';
import { eventually, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { useLiveServer, type TestServer } from '../helpers/server.js';
import { buildVolunteer, mealHelperProfile, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const live = useLiveServer();
let server: TestServer;
let coordinator: SignedIn;

beforeAll(async () => {
  server = live.server;
  coordinator = await buildCoordinator(server.app, LINZE.shahe);
});

async function postNeed(overrides: Record<string, unknown> = {}): Promise<string> {
  const householdId = await postHousehold(server.app, coordinator, { headName: '张桂兰', phone: '13912345678' });
  const res = await request(server.app)
    .post('/api/needs')
    .set(coordinator.auth)
    .send(needBody({ householdId, ...overrides }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('the assignment workflow, live', () => {
  it('need → suggestions → assign → the volunteer is told → accept → the coordinator sees it; details disclosed only after accepting', async () => {
    const volunteer: BuiltVolunteer = await buildVolunteer(server.app, {
      approver: coordinator,
      profile: mealHelperProfile({ name: '王志愿' }),
    });
    const board = await live.connect(coordinator.token);
    const phone = await live.connect(volunteer.token);

    const needId = await postNeed();
    await eventually(async () => expect(board.events.some((e) => e.type === 'need.created' && e.payload.id === needId)).toBe(true));

    const suggestions = await request(server.app).get(`/api/needs/${needId}/suggestions`).set(coordinator.auth);
    expect(suggestions.status).toBe(200);
    const mine = suggestions.body.find((s: { id: string }) => s.id === volunteer.id);
    expect(mine, JSON.stringify(suggestions.body)).toBeDefined();
    expect(mine.reasons.length).toBeGreaterThan(0);
    expect(mine.reasons.every((r: { text: string }) => /[\u4e00-\u9fa5]/.test(r.text))).toBe(true);

    const assigned = await request(server.app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const assignmentId = assigned.body.id;

    await eventually(async () =>
      expect(phone.events.some((e) => e.type === 'assignment.created' && e.payload.assignmentId === assignmentId)).toBe(true),
    );
    const created = phone.events.find((e) => e.type === 'assignment.created')!;
    expect(JSON.stringify(created.payload)).not.toContain('张桂兰');

    const before = await request(server.app).get(`/api/assignments/${assignmentId}`).set(volunteer.auth);
    expect(before.status).toBe(200);
    expect(before.body.beneficiary).toBeNull();
    expect(before.body.communityName).toBeTruthy();

    const accepted = await request(server.app).post(`/api/assignments/${assignmentId}/accept`).set(volunteer.auth);
    expect(accepted.status).toBe(200);
    await eventually(async () =>
      expect(board.events.some((e) => e.type === 'assignment.accepted' && e.payload.assignmentId === assignmentId)).toBe(true),
    );

    const after = await request(server.app).get(`/api/assignments/${assignmentId}`).set(volunteer.auth);
    expect(after.body.beneficiary).toMatchObject({ name: '张桂兰', phone: '13912345678' });
    expect(await AuditModel.countDocuments({ action: 'disclose', actorId: volunteer.userId })).toBeGreaterThan(0);
    const admin = await buildAdmin(server.app);
    const trail = await request(server.app).get(`/api/audit?actorId=${volunteer.userId}`).set(admin.auth);
    expect(trail.status).toBe(200);
    expect(trail.body.items[0]).toMatchObject({ action: 'disclose', entity: 'household', actorId: volunteer.userId });
    expect((await request(server.app).get('/api/audit').set(coordinator.auth)).status).toBe(403);

    const done = await request(server.app)
      .post(`/api/assignments/${assignmentId}/complete`)
      .set(volunteer.auth)
      .send({ hours: 1.5, feedback: '老人吃得很好' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const closed = await request(server.app).get(`/api/assignments/${assignmentId}`).set(volunteer.auth);
    expect(closed.body.beneficiary).toBeNull();
    const need = await request(server.app).get(`/api/needs/${needId}`).set(coordinator.auth);
    expect(need.body.status).toBe('fulfilled');
  });

  it('when the volunteer declines, the coordinator is proposed the next-best candidate at once', async () => {
    const first = await buildVolunteer(server.app, { approver: coordinator, profile: mealHelperProfile({ name: '第一人选' }) });
    const second = await buildVolunteer(server.app, {
      approver: coordinator,
      profile: mealHelperProfile({ name: '第二人选', location: { lat: 39.16, lng: 100.17 } }),
    });
    const board = await live.connect(coordinator.token);
    const needId = await postNeed({ title: '周一中午送餐' });
    const assigned = await request(server.app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: first.id } });
    expect(assigned.status).toBe(201);

    const declined = await request(server.app)
      .post(`/api/assignments/${assigned.body.id}/decline`)
      .set(first.auth)
      .send({ reason: '这周要去外地看病' });
    expect(declined.status).toBe(200);

    await eventually(async () => {
      const proposal = board.events.find((e) => e.type === 'match.proposed' && e.payload.needId === needId);
      expect(proposal).toBeDefined();
      const candidate = proposal!.payload.candidate as { id: string } | null;
      expect(candidate?.id).not.toBe(first.id);
    });
    const proposal = board.events.find((e) => e.type === 'match.proposed' && e.payload.needId === needId)!;
    // The proposal is today's best for the need, the decliner excluded (other tests' helpers may rank too).
    const now = await request(server.app).get(`/api/needs/${needId}/suggestions`).set(coordinator.auth);
    expect(now.body.map((s: { id: string }) => s.id)).not.toContain(first.id);
    expect(now.body.map((s: { id: string }) => s.id)).toContain(second.id);
    expect((proposal.payload.candidate as { id: string }).id).toBe(now.body[0].id);
    const need = await request(server.app).get(`/api/needs/${needId}`).set(coordinator.auth);
    expect(need.body.status).toBe('matching');
    expect(await activeOf(first.id)).toBe(0);
  });

  it('when 50 assigns race for a volunteer with one free slot, exactly one succeeds', async () => {
    const volunteer = await buildVolunteer(server.app, { approver: coordinator, profile: mealHelperProfile({ maxActive: 1 }) });
    const needIds: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(server.app)
            .post('/api/needs')
            .set(coordinator.auth)
            .send(needBody({ title: `送餐 ${batch * 10 + i}` })),
        ),
      );
      needIds.push(...created.map((r) => r.body.id as string));
    }
    const results = await Promise.all(
      needIds.map((needId) =>
        request(server.app)
          .post('/api/assignments')
          .set(coordinator.auth)
          .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    expect(await activeOf(volunteer.id)).toBe(1);
    // The 49 refused needs went back to the pool.
    const statuses = await Promise.all(needIds.map((id) => request(server.app).get(`/api/needs/${id}`).set(coordinator.auth)));
    expect(statuses.filter((s) => s.body.status === 'assigned')).toHaveLength(1);
    expect(statuses.filter((s) => s.body.status === 'open')).toHaveLength(49);
  }, 120_000);

  it("another station cannot read, cancel or assign to the station's needs", async () => {
    const other = await buildCoordinator(server.app, LINZE.pingchuan);
    const volunteer = await buildVolunteer(server.app, { approver: coordinator, profile: mealHelperProfile() });
    const needId = await postNeed();
    expect((await request(server.app).get(`/api/needs/${needId}/suggestions`).set(other.auth)).status).toBe(404);
    expect(
      (
        await request(server.app)
          .post('/api/assignments')
          .set(other.auth)
          .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } })
      ).status,
    ).toBe(404);
    const assigned = await request(server.app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } });
    expect((await request(server.app).get(`/api/assignments/${assigned.body.id}`).set(other.auth)).status).toBe(404);
    expect(
      (await request(server.app).post(`/api/assignments/${assigned.body.id}/cancel`).set(other.auth).send({ reason: '试试看' })).status,
    ).toBe(404);
  });
});
