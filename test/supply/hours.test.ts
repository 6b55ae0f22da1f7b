import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { ServiceHoursModel } from '../../src/volunteers/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

const entry = (volunteerId: string, assignmentId: string, hours: number, date: string, stationCode?: string) =>
  recordServiceHours({
    volunteerId,
    assignmentId,
    hours,
    date,
    recordedBy: 'volunteer-self',
    countyCode: LINZE.county,
    ...(stationCode ? { stationCode } : {}),
  });

describe('service hours', () => {
  it('hours are recorded unconfirmed; only confirmed ones count, per volunteer, month and station', async () => {
    const a = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const b = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const e1 = await entry(a.id, 'as-1', 2, '2026-10-30');
    const e2 = await entry(a.id, 'as-1', 1.5, '2026-11-02');
    const e3 = await entry(b.id, 'as-2', 3, '2026-11-03');
    const e4 = await entry(b.id, 'as-3', 1, '2026-11-04', LINZE.pingchuan);
    expect(e1.confirmed).toBe(false);

    const c = await buildCoordinator(app, LINZE.shahe);
    const none = await request(app).get('/api/volunteers/hours/summary').query({ by: 'volunteer' }).set(c.auth);
    expect(none.body).toEqual([]);
    const queue = await request(app).get('/api/volunteers/hours/pending').set(c.auth);
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(3);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([String(e1._id), String(e2._id), String(e3._id)]);
    expect(queue.body.items[0]).toMatchObject({ volunteerName: '测试志愿者', hours: 2, confirmed: false });

    for (const e of [e1, e2, e3])
      expect(
        (
          await request(app)
            .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
            .set(c.auth)
            .send({})
        ).status,
      ).toBe(200);
    const pc = await buildCoordinator(app, LINZE.pingchuan);
    expect(
      (
        await request(app)
          .post(`/api/volunteers/hours/${String(e4._id)}/confirm`)
          .set(pc.auth)
          .send({})
      ).status,
    ).toBe(200);

    const perVolunteer = await request(app).get('/api/volunteers/hours/summary').query({ by: 'volunteer', month: '2026-11' }).set(c.auth);
    expect(perVolunteer.body).toEqual(
      expect.arrayContaining([
        { key: a.id, hours: 1.5, entries: 1 },
        { key: b.id, hours: 3, entries: 1 },
      ]),
    );
    const admin = await buildAdmin(app);
    const perStation = await request(app).get('/api/volunteers/hours/summary').query({ by: 'station' }).set(admin.auth);
    expect(perStation.body).toEqual(
      expect.arrayContaining([
        { key: LINZE.shahe, hours: 6.5, entries: 3 },
        { key: LINZE.pingchuan, hours: 1, entries: 1 },
      ]),
    );
    const mine = await request(app).get('/api/volunteers/me/hours').set(a.auth);
    expect(mine.body).toEqual([
      { key: '2026-10', hours: 2, entries: 1 },
      { key: '2026-11', hours: 1.5, entries: 1 },
    ]);
    const report = await request(app).get('/api/volunteers/me/hours/report').set(a.auth);
    expect(report.body.months.map((m: { runningTotal: number }) => m.runningTotal)).toEqual([2, 3.5]);
    expect(report.body).toMatchObject({ total: 3.5, unconfirmedHours: 0 });
  });

  it('a coordinator corrects hours: the original is kept, the change audited, and a second confirmation answers 409', async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const e = await entry(v.id, 'as-fix', 4, '2026-11-10');
    const before = await request(app).get('/api/volunteers/me/hours/report').set(v.auth);
    expect(before.body).toMatchObject({ total: 0, unconfirmedHours: 4 });
    expect(before.body.entries[0]).toMatchObject({ hours: 4, confirmed: false });

    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect(
      (
        await request(app)
          .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
          .set(other.auth)
          .send({ hours: 1 })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(app)
          .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
          .set(v.auth)
          .send({})
      ).status,
    ).toBe(403);

    const c = await buildCoordinator(app, LINZE.shahe);
    const bad = await request(app)
      .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
      .set(c.auth)
      .send({ hours: 1.2 });
    expect(bad.status).toBe(400);
    const fixed = await request(app)
      .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
      .set(c.auth)
      .send({ hours: 2.5, note: '实际服务 2.5 小时' });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ hours: 2.5, confirmed: true, correctedFrom: { hours: 4 }, confirmNote: '实际服务 2.5 小时' });
    const again = await Promise.all(
      [1, 2].map(() =>
        request(app)
          .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
          .set(c.auth)
          .send({ hours: 3 }),
      ),
    );
    expect(again.map((r) => r.status)).toEqual([409, 409]);
    expect(await ServiceHoursModel.findById(e._id).lean()).toMatchObject({ hours: 2.5, correctedFrom: { hours: 4 } });
    expect(await AuditModel.countDocuments({ entity: 'service_hours', entityId: String(e._id), action: 'write' })).toBe(1);
    const after = await request(app).get('/api/volunteers/me/hours/report').set(v.auth);
    expect(after.body).toMatchObject({ total: 2.5, unconfirmedHours: 0 });
  });

  it('when two coordinators confirm at once, exactly one wins', async () => {
    const v = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const e = await entry(v.id, 'as-race', 2, '2026-11-12');
    const [c1, c2] = await Promise.all([buildCoordinator(app, LINZE.shahe), buildCoordinator(app, LINZE.shahe)]);
    const results = await Promise.all([
      request(app)
        .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
        .set(c1.auth)
        .send({ hours: 1 }),
      request(app)
        .post(`/api/volunteers/hours/${String(e._id)}/confirm`)
        .set(c2.auth)
        .send({ hours: 3 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await ServiceHoursModel.findById(e._id).lean())?.hours).toBe(winner.body.hours);
  });

  it('a second entry for the same assignment and day is refused (409), and bad hours are refused (400)', async () => {
    const v = await buildVolunteer(app);
    const base = { volunteerId: v.id, assignmentId: 'as-dup', hours: 2, date: '2026-11-05', recordedBy: 'c', countyCode: LINZE.county };
    await recordServiceHours(base);
    await expect(recordServiceHours(base)).rejects.toMatchObject({ status: 409 });
    for (const hours of [0, -1, 25, 1.25]) {
      await expect(recordServiceHours({ ...base, date: '2026-11-06', hours })).rejects.toMatchObject({ status: 400 });
    }
    expect(await ServiceHoursModel.countDocuments({ volunteerId: v.id })).toBe(1);
  });
});
