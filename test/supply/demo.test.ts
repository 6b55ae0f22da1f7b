import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PoolSchema } from '../../matchers/types.js';
import { createApp } from '../../src/app.js';
import { seedSupplyDemo } from '../../src/demo/supply.js';
import { OrganisationModel } from '../../src/organisations/model.js';
import { ResourceModel } from '../../src/resources/model.js';
import { loadCandidatePool } from '../../src/supply/pool.js';
import { VolunteerModel } from '../../src/volunteers/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

const CHILD_VETTING = ['教师资格证', '持证社工', '儿童主任', '心理咨询师', '无犯罪记录证明'];

describe('supply demo seed', () => {
  it(
    'seeds a varied 临泽县 supply that the matcher accepts, with demo accounts that sign in, and is idempotent',
    { timeout: 90_000 },
    async () => {
      const now = new Date('2026-11-23T10:00:00+08:00');
      const first = await seedSupplyDemo({ countyCode: LINZE.county, auth: testAuth, now });
      expect(first.created).toBe(true);

      const pool = await loadCandidatePool(LINZE.county, now);
      expect(() => PoolSchema.parse(pool)).not.toThrow();
      expect(pool.volunteers.length).toBeGreaterThanOrEqual(20);
      expect(new Set(pool.volunteers.map((v) => v.stationCode)).size).toBeGreaterThanOrEqual(5);
      expect(pool.volunteers.some((v) => v.active >= v.maxActive)).toBe(true);
      expect(pool.volunteers.filter((v) => v.certifications.some((c) => CHILD_VETTING.includes(c))).length).toBeGreaterThanOrEqual(4);
      expect(pool.organisations.some((o) => o.usedThisMonth >= o.capacityPerMonth)).toBe(true);
      expect(pool.organisations.some((o) => 'communityCodes' in o.coverage)).toBe(true);
      expect(pool.resources.length).toBeGreaterThanOrEqual(8);
      for (const v of pool.volunteers) {
        expect(v.location.lat).toBeGreaterThan(39.0);
        expect(v.location.lat).toBeLessThan(39.45);
        expect(v.location.lng).toBeGreaterThan(99.85);
        expect(v.location.lng).toBeLessThan(100.35);
      }
      // Some supply is deliberately out of the pool: pending, rejected, no location, expired, depleted, not yet available.
      expect(await VolunteerModel.countDocuments({ countyCode: LINZE.county, approved: false })).toBeGreaterThanOrEqual(2);
      expect(await OrganisationModel.countDocuments({ countyCode: LINZE.county, status: 'pending' })).toBe(1);
      expect(await ResourceModel.countDocuments({ countyCode: LINZE.county })).toBe(first.resources);
      expect(pool.resources.map((r) => r.title)).not.toEqual(expect.arrayContaining(['鲜牛奶']));
      expect(pool.resources.map((r) => r.title)).not.toContain('电暖器');
      expect(pool.resources.map((r) => r.title)).not.toContain('春节慰问品（红枣礼盒）');

      for (const account of first.accounts) {
        const login = await request(app).post('/api/auth/login').send({ username: account.username, password: account.password });
        expect(login.status).toBe(200);
        expect(login.body.user.role).toBe(account.role);
      }

      const again = await seedSupplyDemo({ countyCode: LINZE.county, auth: testAuth, now });
      expect(again.created).toBe(false);
      expect(await VolunteerModel.countDocuments({ countyCode: LINZE.county })).toBe(first.volunteers);
    },
  );
});
