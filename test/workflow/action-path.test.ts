/**
 * The action path (issue 15): claims and writes made at once, and what each undoes when the other of its
 * pair fails; the slot tried at the live index's load without reading first.
 */
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assignments } from '../../src/assignments/repository.js';
import { needSteps } from '../../src/assignments/service.js';
import { setWritesOverlap } from '../../src/db/write-overlap.js';
import { followUpsSettled } from '../../src/events/bus.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { activeOf, releaseVolunteerSlot, takeVolunteerSlot } from '../../src/volunteers/slots.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { coordinatorActions } from '../helpers/coordinator-actions.js';
import { useLiveServer } from '../helpers/server.js';
import { buildOrganisation, buildVolunteer, type BuiltOrganisation } from '../helpers/supply-factories.js';

useTestDatabase();
const live = useLiveServer();
let coordinator: SignedIn;
let org: BuiltOrganisation;

beforeAll(async () => {
  coordinator = await buildCoordinator(live.server.app, LINZE.shahe);
  // Approved before the station's live index is first built: an approval publishes no event the index hears.
  org = await buildOrganisation(live.server.app, { approver: coordinator, profile: { capacityPerMonth: 1 } });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const { newNeed, assign, needStatus, assignmentsOf } = coordinatorActions(
  () => live.server.app,
  () => coordinator,
  { headName: '钱爷爷', phone: '13912343333' },
);

// Both ways a pair of writes goes out: one after the other (SQLite) and at once (PostgreSQL, MongoDB).
for (const overlap of [false, true]) {
  describe(`writes overlap: ${overlap}`, () => {
    beforeAll(() => setWritesOverlap(overlap));
    afterAll(() => setWritesOverlap(false));

    describe('an assignment whose claims and writes go in pairs', () => {
      it('answers with the need as the assignment left it, in the same answer', async () => {
        const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        const needId = await newNeed();
        const res = await assign(needId, volunteer);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.needTitle).toBeTruthy();
        expect(await needStatus(needId)).toBe('assigned');
        expect(await activeOf(volunteer.id)).toBe(1);
      });

      // Either write of the pair failing leaves nothing behind: no need move, no assignment, neither claim
      // held (no 30 s wait for a stale claim), so the same assign succeeds at once.
      const failures = [
        ['the assignment insert (the need move is undone, the slot given back)', () => vi.spyOn(assignments, 'insert')],
        ['the need write (the unannounced assignment is deleted, both claims given back)', () => vi.spyOn(needSteps, 'write')],
      ] as const;
      for (const [step, spy] of failures) {
        it(`a failed ${step}: the same need and volunteer assign at once`, async () => {
          const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
          const needId = await newNeed();
          spy().mockRejectedValueOnce(new Error('connection reset'));
          const failed = await assign(needId, volunteer);
          expect(failed.status).toBe(500);
          vi.restoreAllMocks();
          expect(await needStatus(needId)).toBe('open');
          expect(await assignmentsOf(needId)).toEqual([]);
          expect(await activeOf(volunteer.id)).toBe(0);
          const again = await assign(needId, volunteer);
          expect(again.status, JSON.stringify(again.body)).toBe(201);
        });
      }

      it('a refused slot gives back the need claim made beside it: another volunteer takes the need at once', async () => {
        const full = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        const other = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        // Held without an event, as by a request racing this one: the live index still sees a free slot,
        // so the rules pass and the slot's claim is refused beside the need's claim.
        expect(await takeVolunteerSlot(full.id, 'elsewhere')).not.toBeNull();
        const needId = await newNeed();
        const refused = await assign(needId, full);
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('volunteer_full');
        expect(await needStatus(needId)).toBe('open');
        const taken = await assign(needId, other);
        expect(taken.status, JSON.stringify(taken.body)).toBe(201);
      });
    });

    describe('racing assigns', () => {
      it('20 assigns of 20 needs to one slot at once: exactly one 201, no 5xx, every refused need still open and assignable', async () => {
        const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        const needIds: string[] = [];
        for (let i = 0; i < 20; i++) needIds.push(await newNeed());
        const answers = await Promise.all(needIds.map((id) => assign(id, volunteer)));
        const statuses = answers.map((r) => r.status);
        expect(statuses.filter((x) => x === 201)).toHaveLength(1);
        expect(statuses.filter((x) => x >= 500)).toEqual([]);
        expect(await activeOf(volunteer.id)).toBe(1);
        const refused = needIds.filter((_, i) => statuses[i] !== 201);
        for (const id of refused) expect(await needStatus(id)).toBe('open');
        // No need claim was left behind by a loser: another volunteer takes one of them at once.
        const other = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        // Its approval reaches the live index as a follow-up of its event.
        await followUpsSettled();
        expect((await assign(refused[0]!, other)).status).toBe(201);
      });
    });

    describe('a responder action whose writes go in pairs', () => {
      it('complete refused for hours already recorded that day gives back its claim: the coordinator cancels at once', async () => {
        const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
        const needId = await newNeed();
        const created = await assign(needId, volunteer);
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        expect((await request(live.server.app).post(`/api/assignments/${id}/accept`).set(volunteer.auth)).status).toBe(200);
        await recordServiceHours({
          volunteerId: volunteer.id,
          assignmentId: id,
          hours: 1,
          date: new Date().toISOString().slice(0, 10),
          recordedBy: coordinator.userId,
          countyCode: LINZE.county,
          stationCode: LINZE.shahe,
        });
        const refused = await request(live.server.app)
          .post(`/api/assignments/${id}/complete`)
          .set(volunteer.auth)
          .send({ hours: 2, date: new Date().toISOString().slice(0, 10) });
        expect(refused.status, JSON.stringify(refused.body)).toBe(409);
        expect(refused.body.error.code).toBe('hours_recorded');
        const cancelled = await request(live.server.app)
          .post(`/api/assignments/${id}/cancel`)
          .set(coordinator.auth)
          .send({ reason: '改派他人' });
        expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
        expect(await needStatus(needId)).toBe('matching');
        expect(await activeOf(volunteer.id)).toBe(0);
      });

      it('decline, start and complete answer with the need as they left it', async () => {
        const volunteer = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 2 } });
        const declinedNeed = await newNeed();
        const first = await assign(declinedNeed, volunteer);
        const declined = await request(live.server.app)
          .post(`/api/assignments/${first.body.id}/decline`)
          .set(volunteer.auth)
          .send({ reason: '今天有事' });
        expect(declined.status).toBe(200);
        expect(await needStatus(declinedNeed)).toBe('matching');

        const servedNeed = await newNeed();
        const second = await assign(servedNeed, volunteer);
        const id = second.body.id as string;
        expect((await request(live.server.app).post(`/api/assignments/${id}/accept`).set(volunteer.auth)).status).toBe(200);
        const started = await request(live.server.app).post(`/api/assignments/${id}/start`).set(volunteer.auth);
        expect(started.status).toBe(200);
        expect(started.body.schedule).toBeDefined();
        expect(await needStatus(servedNeed)).toBe('in_progress');
        const done = await request(live.server.app).post(`/api/assignments/${id}/complete`).set(volunteer.auth).send({ hours: 1.5 });
        expect(done.status, JSON.stringify(done.body)).toBe(200);
        expect(await needStatus(servedNeed)).toBe('fulfilled');
        expect(await activeOf(volunteer.id)).toBe(0);
      });
    });
  });
}

describe('an organisation taken through the workflow', () => {
  it('takes one referral of the month per assignment, refuses a full month, and a cancel gives the referral back by its slot', async () => {
    const assignOrg = (needId: string) =>
      request(live.server.app)
        .post('/api/assignments')
        .set(coordinator.auth)
        .send({ needId, candidate: { kind: 'organisation', id: org.id } });
    const visiting = () => newNeed({ category: 'visiting', title: '上门探访独居老人', skills: [] });
    const first = await assignOrg(await visiting());
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const fullNeed = await visiting();
    const full = await assignOrg(fullNeed);
    expect(full.status, JSON.stringify(full.body)).toBe(409);
    expect(await needStatus(fullNeed)).toBe('open');
    const cancelled = await request(live.server.app)
      .post(`/api/assignments/${first.body.id}/cancel`)
      .set(coordinator.auth)
      .send({ reason: '机构另有安排' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const again = await assignOrg(fullNeed);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});

describe('a slot tried at the load the live index knows', () => {
  const hint = (active: number, maxActive: number) => ({ active, maxActive });

  it('a hint below the real load moves on to the next free slot', async () => {
    const v = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 3 } });
    expect((await takeVolunteerSlot(v.id, 'a'))?.slot).toBe(0);
    expect((await takeVolunteerSlot(v.id, 'b'))?.slot).toBe(1);
    expect((await takeVolunteerSlot(v.id, 'c', LINZE.county, hint(0, 3)))?.slot).toBe(2);
    expect(await activeOf(v.id)).toBe(3);
  });

  it('a slot freed below the hint is found by reading once the hinted ones are held', async () => {
    const v = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 3 } });
    for (const holder of ['a', 'b', 'c']) expect(await takeVolunteerSlot(v.id, holder)).not.toBeNull();
    expect(await releaseVolunteerSlot(v.id, 'b', 1)).toBe(true);
    expect((await takeVolunteerSlot(v.id, 'd', LINZE.county, hint(2, 3)))?.slot).toBe(1);
  });

  it('a full volunteer is refused, and a hint beyond the real capacity leaves no claim behind', async () => {
    const v = await buildVolunteer(live.server.app, { approver: coordinator, profile: { maxActive: 1 } });
    // The index believes 5 slots, 1 held: slot 1 is claimed blind, found beyond the real capacity, given back.
    expect((await takeVolunteerSlot(v.id, 'a', LINZE.county, hint(1, 5)))?.slot).toBe(0);
    expect(await activeOf(v.id)).toBe(1);
    expect(await takeVolunteerSlot(v.id, 'b', LINZE.county, hint(0, 1))).toBeNull();
    expect(await activeOf(v.id)).toBe(1);
  });

  it('an unapproved volunteer or one of another county is refused and keeps no claim', async () => {
    const pending = await buildVolunteer(live.server.app, { approved: false });
    expect(await takeVolunteerSlot(pending.id, 'a', LINZE.county, hint(0, 2))).toBeNull();
    expect(await activeOf(pending.id)).toBe(0);
    const v = await buildVolunteer(live.server.app, { approver: coordinator });
    expect(await takeVolunteerSlot(v.id, 'a', '110101', hint(0, 2))).toBeNull();
    expect(await activeOf(v.id)).toBe(0);
  });
});
