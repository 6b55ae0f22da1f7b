import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { nightlyStatsTask } from '../../src/jobs/tasks/nightly-stats.js';
import { monthOf } from '../../src/shared/china-time.js';
import { lastMonths } from '../../src/station-stats/snapshots.js';
import { recordServiceHours } from '../../src/volunteers/hours.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const now = new Date();
const current = monthOf(now);
const previous = lastMonths(now, 2)[0]!;
let admin: SignedIn;
let coordinator: SignedIn;
let volunteer: BuiltVolunteer;

interface Stats {
  stationCode: string;
  volunteerHours: number;
  recomputes: number;
}
interface Trends {
  current: string;
  months: Array<{ month: string; frozen: boolean; stations: Stats[]; county: { volunteerHours: number } | null }>;
}

const hoursOn = (date: string, hours: number, assignmentId: string) =>
  recordServiceHours({
    countyCode: LINZE.county,
    volunteerId: volunteer.id,
    assignmentId,
    hours,
    date,
    recordedBy: coordinator.userId,
    confirmedByRecorder: true,
  });

async function trends(who: SignedIn): Promise<Trends> {
  const res = await request(app).get('/api/stats/trends').query({ months: 12 }).set(who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Trends;
}
const shaheIn = (t: Trends, month: string) => t.months.find((m) => m.month === month)!.stations.find((s) => s.stationCode === LINZE.shahe)!;

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  admin = await buildAdmin(app);
  volunteer = await buildVolunteer(app, { approver: coordinator, profile: { name: '王丽' } });
  await hoursOn(`${previous}-10`, 2, 'as-1');
});

describe('monthly snapshots: trends and station comparison', () => {
  it('shows 12 months, every station side by side, past months frozen and the current month live', async () => {
    const t = await trends(admin);
    expect(t.current).toBe(current);
    expect(t.months.map((m) => m.month)).toEqual(lastMonths(now, 12));
    expect(t.months.at(-1)!.frozen).toBe(false);
    expect(t.months.slice(0, -1).every((m) => m.frozen)).toBe(true);
    const last = t.months.find((m) => m.month === previous)!;
    expect(last.stations.map((s) => s.stationCode)).toEqual(expect.arrayContaining([LINZE.shahe, LINZE.pingchuan, LINZE.yanuan]));
    expect(shaheIn(t, previous).volunteerHours).toBe(2);
    expect(last.county!.volunteerHours).toBe(2);
    // A coordinator sees only the own station's series.
    const own = await trends(coordinator);
    expect(own.months.every((m) => m.stations.length === 1 && m.stations[0]!.stationCode === LINZE.shahe && m.county === null)).toBe(true);
  });

  it('a record added later to a past month does not change that month; the current month is live', async () => {
    await hoursOn(`${previous}-20`, 3, 'as-2');
    await hoursOn(`${current}-01`, 1.5, 'as-3');
    const t = await trends(admin);
    expect(shaheIn(t, previous).volunteerHours).toBe(2);
    expect(shaheIn(t, current).volunteerHours).toBe(1.5);
    // The nightly job refreshes the current month and leaves the frozen month alone.
    await nightlyStatsTask.run({ now: new Date(), log: testLog });
    expect(shaheIn(await trends(admin), previous).volunteerHours).toBe(2);
  });

  it('only the admin recomputes, only an ended month, and only with a reason', async () => {
    const noReason = await request(app).post('/api/stats/snapshots/recompute').set(admin.auth).send({ month: previous, reason: '' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/原因/);
    const thisMonth = await request(app)
      .post('/api/stats/snapshots/recompute')
      .set(admin.auth)
      .send({ month: current, reason: '补录服务时长' });
    expect(thisMonth.status).toBe(400);
    expect(JSON.stringify(thisMonth.body)).toMatch(/本月/);
    const byCoordinator = await request(app)
      .post('/api/stats/snapshots/recompute')
      .set(coordinator.auth)
      .send({ month: previous, reason: '补录服务时长' });
    expect(byCoordinator.status).toBe(403);
    expect(shaheIn(await trends(admin), previous).volunteerHours).toBe(2);
  });

  it('a recompute with a reason changes the month and records who, when and why', async () => {
    const res = await request(app)
      .post('/api/stats/snapshots/recompute')
      .set(admin.auth)
      .send({ month: previous, stationCode: LINZE.shahe, reason: '补录上月志愿服务时长' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stations).toEqual([LINZE.shahe]);
    const after = shaheIn(await trends(admin), previous);
    expect(after.volunteerHours).toBe(5);
    expect(after.recomputes).toBe(1);
    const history = await request(app).get('/api/stats/snapshots/recomputes').set(admin.auth);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({ month: previous, stationCode: LINZE.shahe, by: admin.userId, reason: '补录上月志愿服务时长' }),
    ]);
    const audited = await AuditModel.find({ entity: 'station_month_snapshot', actorId: admin.userId, action: 'write' }).lean();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.stationCode).toBe(LINZE.shahe);
  });
});
