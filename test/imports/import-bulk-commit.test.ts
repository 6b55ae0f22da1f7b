import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { subscribe } from '../../src/events/bus.js';
import type { DomainEvent } from '../../src/events/types.js';
import { HouseholdModel } from '../../src/households/model.js';
import type { RowPlan } from '../../src/imports/check.js';
import { commitImport } from '../../src/imports/run.js';
import { receiveUpload } from '../../src/imports/upload.js';
import { HouseholdIndex, NeedKeys, writeChunk } from '../../src/imports/writer.js';
import { NeedModel } from '../../src/needs/model.js';
import { trusted } from '../../src/shared/model.js';
import { makeRows, toCsv, type Row } from '../fixtures/generate.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildStations } from '../helpers/factories.js';

useTestDatabase();
const events: DomainEvent[] = [];
beforeAll(async () => {
  await buildStations();
  subscribe((e) => void events.push(e));
});

const admin: Actor = { userId: 'bulk-test', sessionId: 's', role: 'admin', countyCode: LINZE.county, displayName: '批量测试' };
const scope = { kind: 'county', countyCode: LINZE.county } as const;

const GOOD_ROWS = 300;
/** The 1-based position among the data rows of the row naming a village that does not exist. */
const BAD_AT = 150;

/**
 * 300 households, each its own (a phone of its own), odd ones with two needs and even ones with one:
 * 450 needs. Plus one row whose village does not exist, in the middle of the second batch.
 */
function questionnaire(): { csv: Buffer; badRowNumber: number } {
  const rows: Row[] = makeRows(GOOD_ROWS, 777).map(({ row }, k) => ({
    ...row,
    '2、联系电话': `137${String(k + 1).padStart(8, '0')}`,
    '8、主要需求(多选)': k % 2 === 0 ? '助餐/送餐┋探访关爱' : '助餐/送餐',
  }));
  const bad = { ...rows[0]!, '1、户主姓名': '错村户', '2、联系电话': '13600000000', '3、所在镇': '沙河镇', '4、所在村(社区)': '不存在村' };
  rows.splice(BAD_AT - 1, 0, bad);
  // Row numbers count the header as row 1.
  return { csv: Buffer.from(`\uFEFF${toCsv(rows)}`, 'utf8'), badRowNumber: BAD_AT + 1 };
}

const counts = async () => ({ households: await HouseholdModel.countDocuments(), needs: await NeedModel.countDocuments() });

async function importFile(csv: Buffer, batchRows: number) {
  const job = await receiveUpload({ scope, actor: admin, body: Readable.from([csv]), filename: 'bulk.csv' });
  return commitImport({ scope, actor: admin, id: String(job._id), wait: true, batchRows });
}

describe('import commit in batches', () => {
  it('a few hundred rows in batches create exactly their households and needs, report the bad row, and announce progress per batch; the same file again creates nothing', async () => {
    const { csv, badRowNumber } = questionnaire();
    const done = await importFile(csv, 100);
    expect(done).toMatchObject({ status: 'completed', rowsDone: GOOD_ROWS + 1, problemCount: 1 });
    expect(done.counts).toMatchObject({
      valid: GOOD_ROWS,
      invalid: 1,
      householdsCreated: GOOD_ROWS,
      householdsMatched: 0,
      needsCreated: 450,
    });
    expect(done.problems).toEqual([expect.objectContaining({ row: badRowNumber, column: '4、所在村(社区)' })]);
    expect(await counts()).toEqual({ households: GOOD_ROWS, needs: 450 });
    // Each household got its own needs: one or two, as its row asked.
    const perHousehold = new Map<string, number>();
    for (const n of await NeedModel.find({}, { householdId: 1 }).lean())
      perHousehold.set(n.householdId!, (perHousehold.get(n.householdId!) ?? 0) + 1);
    expect(perHousehold.size).toBe(GOOD_ROWS);
    expect([...perHousehold.values()].filter((c) => c === 2)).toHaveLength(150);

    const progress = events.filter((e) => e.type === 'import.progress' && e.payload.jobId === String(done._id)).map((e) => e.payload);
    expect(progress.map((p) => p.rowsDone)).toEqual([100, 200, 300, 301, 301]);
    expect(progress.at(-1)).toMatchObject({ status: 'completed' });

    const again = await importFile(csv, 100);
    expect(again.counts).toMatchObject({
      valid: GOOD_ROWS,
      invalid: 1,
      householdsCreated: 0,
      householdsMatched: GOOD_ROWS,
      needsCreated: 0,
    });
    expect(again.counts.unchanged).toBe(GOOD_ROWS);
    expect(await counts()).toEqual({ households: GOOD_ROWS, needs: 450 });
  });

  it('after a commit that stopped part-way (households written, some needs not), importing the file again completes it without duplicates', async () => {
    const before = await counts();
    // What a crash between a batch's household insert and its needs insert leaves: the needs of the last 100 rows missing.
    const lastHouseholds = (await HouseholdModel.find({}, { _id: 1 }).sort({ _id: -1 }).limit(100).lean()).map((h) => String(h._id));
    const missing = await NeedModel.countDocuments({ householdId: trusted({ $in: lastHouseholds }) });
    expect(missing).toBeGreaterThan(100);
    await NeedModel.deleteMany({ householdId: trusted({ $in: lastHouseholds }) });

    const rerun = await importFile(questionnaire().csv, 100);
    expect(rerun.counts).toMatchObject({ valid: GOOD_ROWS, householdsCreated: 0, needsCreated: missing });
    expect(await counts()).toEqual(before);
  });

  it('a batch the database refuses whole is written row by row: the one bad row fails alone and is reported, the rest stand', async () => {
    const plans: RowPlan[] = Array.from({ length: 200 }, (_, n) => ({
      rowNumber: n + 2,
      stationCode: LINZE.shahe,
      communityCode: '620723101209',
      rowKey: `bulk-writer-${n}`,
      location: { lat: 39.15, lng: 100.16 },
      interp: {
        headName: `批量户${n}`,
        phone: `1380${String(n).padStart(7, '0')}`,
        address: `沙河镇花园村${n}社1号`,
        groups: ['独居老人'],
        needs: [
          { category: 'meal', label: '助餐/送餐' },
          { category: 'visiting', label: '探访关爱' },
        ],
        // Row 57's need is over the 16 MB document limit: the driver refuses the whole insert.
        description: n === 57 ? 'x'.repeat(17 * 1024 * 1024) : '需要送餐',
        urgency: 'normal',
        windows: [],
        problems: [],
      },
    }));
    const before = await counts();
    const index = await HouseholdIndex.load(LINZE.county, [LINZE.shahe]);
    const needKeys = new NeedKeys(LINZE.county, [LINZE.shahe]);
    const outcomes = await writeChunk({ plans, index, needKeys, countyCode: LINZE.county, by: 'test', jobId: 'bulk-writer' });
    expect(outcomes.filter((o) => !o.ok).map((o) => o.problem?.row)).toEqual([59]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(199);
    expect(await counts()).toEqual({ households: before.households + 199, needs: before.needs + 398 });
    expect(await HouseholdModel.exists({ headName: '批量户57' })).toBeNull();

    // Writing them again (the bad row fixed) adds only row 57.
    plans[57]!.interp.description = '需要送餐';
    const again = await writeChunk({ plans, index, needKeys, countyCode: LINZE.county, by: 'test', jobId: 'bulk-writer-2' });
    expect(again.map((o) => o.householdCreated).filter(Boolean)).toHaveLength(1);
    expect(again.reduce((sum, o) => sum + o.needsCreated, 0)).toBe(2);
    expect(await counts()).toEqual({ households: before.households + 200, needs: before.needs + 400 });
  });
});
