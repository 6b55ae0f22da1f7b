import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { seedCommunityDemo } from '../../src/demo/community.js';
import { seedStationWorkDemo, type StationWorkDemoResult } from '../../src/demo/station-work.js';
import { listStations } from '../../src/stations/service.js';
import { visitTasks, visitRecords } from '../../src/visits/repository.js';
import { cases } from '../../src/cases/repository.js';
import { groups } from '../../src/groups/repository.js';
import { referrals } from '../../src/referrals/repository.js';
import { households } from '../../src/households/repository.js';
import { monthOf } from '../../src/shared/china-time.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let work: StationWorkDemoResult;
const county = { kind: 'county', countyCode: LINZE.county } as const;
const DEMO = [LINZE.shahe, LINZE.pingchuan, LINZE.yanuan];

beforeAll(async () => {
  await seedCommunityDemo({ auth: testAuth, fraction: 0.1 });
  work = await seedStationWorkDemo();
}, 180_000);

describe('station work demo', () => {
  it('opens only the three stations of the report; the county overview lists them alone', async () => {
    expect((await listStations(county, { openOnly: true })).map((s) => s.code)).toEqual(DEMO);
    expect((await listStations(county)).length).toBeGreaterThan(3);
    const login = await request(app).post('/api/auth/login').send({ username: 'demo-admin', password: 'demo-pass-2026' });
    const stats = await request(app)
      .get('/api/stats/stations')
      .set({ Authorization: `Bearer ${login.body.accessToken}` });
    expect(stats.body.stations.map((s: { stationCode: string }) => s.stationCode)).toEqual(DEMO);
    expect(stats.body.county.visits).toBeGreaterThan(0);
  });

  it('has visits in every state, open and closed cases, groups with sign-ins and referrals in every state', async () => {
    expect(work.created).toBe(true);
    const tasks = await visitTasks.unscoped.find({ countyCode: LINZE.county });
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['due', 'done', 'missed']));
    const keyHouseholds = await households.unscoped.count({ countyCode: LINZE.county, keyTarget: true });
    expect(tasks.filter((t) => t.month === monthOf(new Date())).length).toBe(keyHouseholds);
    expect(await visitRecords.unscoped.count({ countyCode: LINZE.county })).toBe(tasks.filter((t) => t.status === 'done').length);
    const c = await cases.unscoped.find({ countyCode: LINZE.county });
    expect(c.some((x) => x.status === 'closed') && c.some((x) => x.status !== 'closed')).toBe(true);
    for (const code of DEMO) {
      const g = await groups.unscoped.find({ stationCode: code });
      expect(g).toHaveLength(2);
      expect(g.every((x) => x.sessions.length > 0 && x.sessions.some((s) => s.attendance.length > 0))).toBe(true);
    }
    const r = await referrals.unscoped.find({ countyCode: LINZE.county });
    expect(new Set(r.map((x) => x.status))).toEqual(new Set(['sent', 'accepted', 'resolved', 'refused', 'no_answer']));
    expect(work.activities).toBe(9);
  });

  it('runs again without creating anything', async () => {
    const again = await seedStationWorkDemo();
    expect(again.created).toBe(false);
    expect(await cases.unscoped.count({ countyCode: LINZE.county })).toBe(work.cases);
  });
});
