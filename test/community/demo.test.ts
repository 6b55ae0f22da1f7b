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
  it('flags key targets up to the PEOPLE the report names (沙河镇 178, 平川镇 290, 鸭暖镇 295), a minority of households', async () => {
    const people = async (stationCode: string) => {
      const flagged = await HouseholdModel.find({ stationCode, keyTarget: true }).lean();
      const all = await HouseholdModel.countDocuments({ stationCode });
      expect(flagged.length / all).toBeLessThan(0.6);
      return flagged.reduce((n, h) => n + Math.max(1, h.members.length), 0);
    };
    expect(await people(LINZE.shahe)).toBe(18);
    expect(await people(LINZE.pingchuan)).toBe(29);
    expect(await people(LINZE.yanuan)).toBe(30);
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
