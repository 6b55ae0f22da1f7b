import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { ServiceHoursModel } from '../../src/volunteers/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('service hours', () => {
  it('hours are appended per assignment and day, and totalled per volunteer, month and station', async () => {
    const a = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const b = await buildVolunteer(app, { stationCode: LINZE.shahe });
    const by = 'coordinator-1';
    await recordServiceHours({
      volunteerId: a.id,
      assignmentId: 'as-1',
      hours: 2,
      date: '2026-10-30',
      recordedBy: by,
      countyCode: LINZE.county,
    });
    await recordServiceHours({
      volunteerId: a.id,
      assignmentId: 'as-1',
      hours: 1.5,
      date: '2026-11-02',
      recordedBy: by,
      countyCode: LINZE.county,
    });
    await recordServiceHours({
      volunteerId: b.id,
      assignmentId: 'as-2',
      hours: 3,
      date: '2026-11-03',
      recordedBy: by,
      countyCode: LINZE.county,
    });
    await recordServiceHours({
      volunteerId: b.id,
      assignmentId: 'as-3',
      hours: 1,
      date: '2026-11-04',
      recordedBy: by,
      countyCode: LINZE.county,
      stationCode: LINZE.pingchuan,
    });

    const c = await buildCoordinator(app, LINZE.shahe);
    const perVolunteer = await request(app).get('/api/volunteers/hours/summary').query({ by: 'volunteer', month: '2026-11' }).set(c.auth);
    expect(perVolunteer.status).toBe(200);
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
  });

  it('a second entry for the same assignment and day is refused (409), and bad hours are refused (400)', async () => {
    const v = await buildVolunteer(app);
    const entry = { volunteerId: v.id, assignmentId: 'as-dup', hours: 2, date: '2026-11-05', recordedBy: 'c', countyCode: LINZE.county };
    await recordServiceHours(entry);
    await expect(recordServiceHours(entry)).rejects.toMatchObject({ status: 409 });
    for (const hours of [0, -1, 25, 1.25]) {
      await expect(recordServiceHours({ ...entry, date: '2026-11-06', hours })).rejects.toMatchObject({ status: 400 });
    }
    expect(await ServiceHoursModel.countDocuments({ volunteerId: v.id })).toBe(1);
  });
});
