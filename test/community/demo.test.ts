import { beforeAll, describe, expect, it } from 'vitest';
import { HouseholdModel } from '../../src/households/model.js';
import { isValidIdNumber } from '../../src/shared/id-number.js';
import { NeedModel } from '../../src/needs/model.js';
import { TRANSITIONS } from '../../src/needs/lifecycle.js';
import { seedCommunityDemo, type CommunityDemoResult } from '../../src/demo/community.js';
import { testAuth, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations } from '../helpers/factories.js';

useTestDatabase();
let result: CommunityDemoResult;

beforeAll(async () => {
  await buildStations();
  result = await seedCommunityDemo({ auth: testAuth, fraction: 0.1, now: new Date('2026-03-01T00:00:00Z') });
}, 120_000);

describe('community demo seed', () => {
  it('scales key-target households to the stations’ reported key beneficiaries (178, 295, 290)', async () => {
    const keyTargets = async (stationCode: string) => HouseholdModel.countDocuments({ stationCode, keyTarget: true });
    expect(await keyTargets(LINZE.shahe)).toBe(18);
    expect(await keyTargets(LINZE.pingchuan)).toBe(30);
    expect(await keyTargets(LINZE.yanuan)).toBe(29);
    expect(result.accounts.map((a) => a.role)).toEqual(['admin', 'coordinator', 'coordinator', 'coordinator']);
  });

  it('uses synthetic ID numbers only (region 620799, which no county has) and 170 virtual-operator phones', async () => {
    const households = (await HouseholdModel.find({ countyCode: LINZE.county }).lean()).filter((h) => h.members.length > 0);
    const ids = households.flatMap((h) => h.members.map((m) => m.idNumber!));
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.every((id) => id.startsWith('620799') && isValidIdNumber(id))).toBe(true);
    expect(households.every((h) => h.phone!.startsWith('170'))).toBe(true);
  });

  it('leaves needs in every lifecycle state, each reached by allowed transitions', async () => {
    const needs = await NeedModel.find({ countyCode: LINZE.county }).lean();
    expect(new Set(needs.map((n) => n.status))).toEqual(new Set(['open', 'matching', 'assigned', 'in_progress', 'fulfilled', 'closed']));
    for (const n of needs) {
      for (const h of n.history.slice(1)) expect(TRANSITIONS[h.from!]).toContain(h.to);
      expect(n.history.at(-1)!.to).toBe(n.status);
    }
  });

  it('runs again without creating anything', async () => {
    const before = await NeedModel.countDocuments();
    const again = await seedCommunityDemo({ auth: testAuth, fraction: 0.1 });
    expect(again.created).toBe(false);
    expect(await NeedModel.countDocuments()).toBe(before);
  });
});
