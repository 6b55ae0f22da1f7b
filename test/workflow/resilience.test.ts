import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { repairNeedStates, REPAIR_GRACE_MS } from '../../src/assignments/repair.js';
import { needSteps } from '../../src/assignments/service.js';
import { systemActor } from '../../src/jobs/system-actor.js';
import { needs } from '../../src/needs/repository.js';
import { testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { coordinatorActions } from '../helpers/coordinator-actions.js';
import { useLiveServer } from '../helpers/server.js';
import { buildCharity, buildResource, buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const live = useLiveServer();
let coordinator: SignedIn;

beforeAll(async () => {
  coordinator = await buildCoordinator(live.server.app, LINZE.shahe);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const busy = () => new Error('(SQLITE_BUSY) database is locked (5)');

const { newNeed, assign, needStatus, assignmentsOf } = coordinatorActions(
  () => live.server.app,
  () => coordinator,
  { headName: '赵奶奶', phone: '13912342222' },
);

const repair = () => repairNeedStates({ now: new Date(Date.now() + REPAIR_GRACE_MS + 60_000), log: testLog, actorOf: systemActor });

describe('a busy database (issue 10, finding 4)', () => {
  it('a busy need write is retried and the assignment succeeds', async () => {
    const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
    const needId = await newNeed();
    const real = needSteps.write;
    vi.spyOn(needSteps, 'write')
      .mockRejectedValueOnce(busy())
      .mockRejectedValueOnce(busy())
      .mockImplementation((p) => real(p));
    const res = await assign(needId, volunteer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await needStatus(needId)).toBe('assigned');
  });

  it('a database that stays busy is answered 503 with Retry-After and a Chinese message, and leaves nothing half-written', async () => {
    const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
    const needId = await newNeed();
    vi.spyOn(needSteps, 'write').mockRejectedValue(busy());
    const res = await assign(needId, volunteer);
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body.error.code).toBe('database_busy');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    vi.restoreAllMocks();
    expect(await needStatus(needId)).toBe('open');
    expect(await assignmentsOf(needId)).toEqual([]);
  });
});

describe('follow-up steps that fail leave a consistent state', () => {
  // A resource passes the cheap capacity check, so a request for more than is left reaches the
  // allocation after the need moved to "assigned": the undo path runs.
  const tooMuchOf = async (needId: string) => {
    const charity = await buildCharity(live.server.app);
    const resource = await buildResource(live.server.app, charity, { quantity: { amount: 1, unit: '份' } });
    return request(live.server.app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId, candidate: { kind: 'resource', id: resource.id }, amount: 5 });
  };

  it('the undo after a refused allocation is retried when busy: the need is open again, no assignment', async () => {
    const needId = await newNeed();
    const real = needSteps.write;
    // Call 1 (→ assigned) succeeds; call 2, the undo (→ open), meets a busy database once.
    vi.spyOn(needSteps, 'write')
      .mockImplementationOnce((p) => real(p))
      .mockRejectedValueOnce(busy())
      .mockImplementation((p) => real(p));
    const res = await tooMuchOf(needId);
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('insufficient_quantity');
    expect(await needStatus(needId)).toBe('open');
    expect(await assignmentsOf(needId)).toEqual([]);
  });

  it('an undo that fails outright leaves a need "assigned" with no assignment, and the repair job puts it back', async () => {
    const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
    const consistent = await newNeed();
    expect((await assign(consistent, volunteer)).status).toBe(201);
    const needId = await newNeed();
    const real = needSteps.write;
    vi.spyOn(needSteps, 'write')
      .mockImplementationOnce((p) => real(p))
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockImplementation((p) => real(p));
    const res = await tooMuchOf(needId);
    expect(res.status).toBe(409);
    expect(await needStatus(needId)).toBe('assigned');
    expect(await assignmentsOf(needId)).toEqual([]);

    const counts = await repair();
    expect(counts.repaired).toBeGreaterThanOrEqual(1);
    expect(await needStatus(needId)).toBe('matching');
    // The consistent one is left alone.
    expect(await needStatus(consistent)).toBe('assigned');
  });

  it('a need whose start step failed stays "assigned" while its assignment is in progress, until the repair job moves it on', async () => {
    const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
    const needId = await newNeed();
    const created = await assign(needId, volunteer);
    expect(created.status).toBe(201);
    expect((await request(live.server.app).post(`/api/assignments/${created.body.id}/accept`).set(volunteer.auth)).status).toBe(200);
    vi.spyOn(needSteps, 'write').mockRejectedValueOnce(new Error('connection reset'));
    const started = await request(live.server.app).post(`/api/assignments/${created.body.id}/start`).set(volunteer.auth);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expect(await needStatus(needId)).toBe('assigned');
    vi.restoreAllMocks();

    await repair();
    expect(await needStatus(needId)).toBe('in_progress');
  });
});

describe('the repair job', () => {
  it('finds contradictions written straight to the database and fixes them', async () => {
    const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 2 } });
    const orphan = await newNeed();
    const unmarked = await newNeed();
    expect((await assign(unmarked, volunteer)).status).toBe(201);
    // "assigned" with no assignment at all, and "open" although an assignment is pending.
    await needs.unscoped.updateMany({ _id: orphan }, { $set: { status: 'assigned' } });
    await needs.unscoped.updateMany({ _id: unmarked }, { $set: { status: 'open' } });

    // Within the grace period nothing is touched: a workflow may be mid-step.
    await repairNeedStates({ now: new Date(), log: testLog, actorOf: systemActor });
    expect(await needStatus(orphan)).toBe('assigned');

    const counts = await repair();
    expect(counts.failed).toBe(0);
    expect(await needStatus(orphan)).toBe('matching');
    expect(await needStatus(unmarked)).toBe('assigned');
    // A second run finds nothing left to do.
    expect((await repair()).repaired).toBe(0);
  });
});
