import { beforeAll, describe, expect, it } from 'vitest';
import { HouseholdModel } from '../../src/households/model.js';
import type { RowPlan } from '../../src/imports/check.js';
import { HouseholdIndex, writeChunk } from '../../src/imports/writer.js';
import { NeedModel } from '../../src/needs/model.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations } from '../helpers/factories.js';

useTestDatabase();
beforeAll(buildStations);

function plan(n: number, overrides: Partial<RowPlan['interp']> = {}): RowPlan {
  return {
    rowNumber: n + 1,
    stationCode: LINZE.shahe,
    communityCode: '620723101209',
    rowKey: `writer-test-${n}`,
    location: { lat: 39.15, lng: 100.16 },
    interp: {
      headName: `测试户${n}`,
      phone: `1390000000${n}`,
      address: `沙河镇花园村${n}社1号`,
      groups: ['独居老人'],
      needs: [
        { category: 'meal', label: '助餐/送餐' },
        { category: 'visiting', label: '探访关爱' },
      ],
      description: '需要送餐',
      urgency: 'normal',
      windows: [],
      problems: [],
      ...overrides,
    },
  };
}

describe('import writer', () => {
  it('when one row cannot be written, that row is undone entirely and the rows beside it are written whole', async () => {
    const index = await HouseholdIndex.load(LINZE.county, [LINZE.shahe]);
    const tooLarge = 'x'.repeat(17 * 1024 * 1024); // over the 16 MB document limit
    const outcomes = await writeChunk({
      plans: [plan(1), plan(2, { description: tooLarge }), plan(3)],
      index,
      countyCode: LINZE.county,
      by: 'test',
      jobId: 'job-writer',
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]!.problem).toMatchObject({ row: 3 });
    expect(outcomes[1]!.problem!.reason).toMatch(/已撤销/);
    expect(await HouseholdModel.exists({ headName: '测试户2' })).toBeNull();
    expect(await NeedModel.countDocuments({ sourceKey: 'row:import:writer-test-2:meal' })).toBe(0);
    for (const n of [1, 3]) {
      const h = await HouseholdModel.findOne({ headName: `测试户${n}` }).lean();
      expect(await NeedModel.countDocuments({ householdId: String(h!._id) })).toBe(2);
    }
  });

  it('writing the same rows again creates nothing and matches the households', async () => {
    const plans = [plan(5), plan(6)];
    await writeChunk({
      plans,
      index: await HouseholdIndex.load(LINZE.county, [LINZE.shahe]),
      countyCode: LINZE.county,
      by: 'test',
      jobId: 'a',
    });
    const needs = await NeedModel.countDocuments();
    const again = await writeChunk({
      plans,
      index: await HouseholdIndex.load(LINZE.county, [LINZE.shahe]),
      countyCode: LINZE.county,
      by: 'test',
      jobId: 'b',
    });
    expect(again.map((o) => [o.householdCreated, o.needsCreated])).toEqual([
      [false, 0],
      [false, 0],
    ]);
    expect(await NeedModel.countDocuments()).toBe(needs);
  });
});
