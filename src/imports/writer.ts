/**
 * Writes checked import rows in chunks: one household lookup for the whole job (an in-memory index of
 * the target stations' live households), then per chunk one insert of new households and one insert of
 * needs. Each need's (stationCode, sourceKey) is unique, so a row imported again inserts nothing.
 * Within a chunk every row stands alone: a row whose writes fail is removed again, so no row is left
 * half-written by an error; a crash part-way leaves rows that the next import of the file completes.
 */
import { Types } from 'mongoose';
import type { HouseholdDoc } from '../households/model.js';
import { householdBulk, households } from '../households/repository.js';
import { buildNeedRecord, needTitle } from '../needs/record.js';
import { needRecords, type BulkInsertResult, type PlacedNeedRecord } from '../needs/repository.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { trusted } from '../shared/model.js';
import { normaliseAddress } from './cells.js';
import type { RowPlan } from './check.js';
import type { ImportProblem } from './problem.js';

interface Known {
  id: Types.ObjectId;
  groups: Set<string>;
}

/** Live households of the stations an import writes to, by match key. */
export class HouseholdIndex {
  private readonly byPhone = new Map<string, Known>();
  private readonly byAddress = new Map<string, Known>();

  /** Loads the live households of the given stations (one query for the whole job). */
  static async load(countyCode: string, stationCodes: string[]): Promise<HouseholdIndex> {
    const index = new HouseholdIndex();
    const filter = { countyCode, archivedAt: null, ...(stationCodes.length ? { stationCode: trusted({ $in: stationCodes }) } : {}) };
    // A job's own county: bounded by its households (thousands), read once per job.
    for (const h of await households.unscoped.find(filter)) {
      index.add(h.stationCode, h.nameKey, h.phone ?? undefined, h.addressKey, { id: h._id, groups: new Set(h.groups ?? []) });
    }
    return index;
  }

  add(station: string, nameKey: string, phone: string | undefined, addressKey: string | undefined, known: Known): void {
    if (phone) this.byPhone.set(`${station}|${nameKey}|${phone}`, known);
    if (addressKey) this.byAddress.set(`${station}|${nameKey}|${addressKey}`, known);
  }

  /** Same normalised name and phone, or same name and address (households.service findMatchingHousehold). */
  match(station: string, nameKey: string, phone: string | undefined, addressKey: string | undefined): Known | undefined {
    return (
      (phone ? this.byPhone.get(`${station}|${nameKey}|${phone}`) : undefined) ??
      (addressKey ? this.byAddress.get(`${station}|${nameKey}|${addressKey}`) : undefined)
    );
  }

  remove(known: Known): void {
    for (const map of [this.byPhone, this.byAddress]) for (const [k, v] of map) if (v === known) map.delete(k);
  }
}

/** What writing one chunk did, per row. */
export interface RowOutcome {
  plan: RowPlan;
  ok: boolean;
  householdCreated: boolean;
  needsCreated: number;
  problem?: ImportProblem;
}

/**
 * Inserts needs grouped by row. When the whole batch is refused (a document too large, a lost
 * connection), retries row by row, so one bad row fails alone.
 */
async function insertNeeds(docs: PlacedNeedRecord[], rowOf: (i: number) => number): Promise<BulkInsertResult> {
  try {
    return await needRecords.insertMany(docs);
  } catch {
    const failed = new Map<number, string>();
    const duplicates = new Set<number>();
    for (const indexes of byRow(docs.length, rowOf)) {
      try {
        const r = await needRecords.insertMany(indexes.map((i) => docs[i]!));
        r.failed.forEach((reason, k) => failed.set(indexes[k]!, reason));
        r.duplicates.forEach((k) => duplicates.add(indexes[k]!));
      } catch (err) {
        for (const i of indexes) failed.set(i, err instanceof Error ? err.message : String(err));
      }
    }
    return { failed, duplicates };
  }
}

/**
 * Inserts new households (at most one per row). When the batch is refused, retries one by one: a
 * household already there then is one the batch wrote before it stopped (its id is ours), not a failure.
 */
async function insertHouseholds(docs: NewHousehold[]): Promise<Map<number, string>> {
  const failed = new Map<number, string>();
  try {
    await householdBulk.insertMany(docs);
  } catch {
    for (const [i, doc] of docs.entries()) {
      try {
        await householdBulk.insertMany([doc]);
      } catch (err) {
        if (!isDuplicateKey(err)) failed.set(i, err instanceof Error ? err.message : String(err));
      }
    }
  }
  return failed;
}

function byRow(count: number, rowOf: (i: number) => number): number[][] {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < count; i++) rows.set(rowOf(i), [...(rows.get(rowOf(i)) ?? []), i]);
  return [...rows.values()];
}

type NewHousehold = Omit<HouseholdDoc, 'createdAt' | 'updatedAt'>;

/** Writes one chunk of valid rows. */
export async function writeChunk(props: {
  plans: RowPlan[];
  index: HouseholdIndex;
  countyCode: string;
  by: string;
  jobId: string;
}): Promise<RowOutcome[]> {
  const { plans, index, countyCode, by, jobId } = props;
  const now = new Date();
  const outcomes: RowOutcome[] = plans.map((plan) => ({ plan, ok: true, householdCreated: false, needsCreated: 0 }));
  const newHouseholds: Array<{ row: number; doc: NewHousehold; known: Known }> = [];
  const groupUpdates = new Map<string, { id: Types.ObjectId; groups: string[]; rowKey: string }>();
  const householdOfRow: Types.ObjectId[] = [];

  plans.forEach((plan, row) => {
    const { interp } = plan;
    const addressKey = interp.address ? normaliseAddress(interp.address) : undefined;
    const nameKey = interp.headName;
    const known = index.match(plan.stationCode, nameKey, interp.phone, addressKey);
    if (known) {
      householdOfRow[row] = known.id;
      const added = interp.groups.filter((g) => !known.groups.has(g));
      if (added.length) {
        added.forEach((g) => known.groups.add(g));
        groupUpdates.set(String(known.id), { id: known.id, groups: [...known.groups], rowKey: plan.rowKey });
      }
      return;
    }
    const fresh: Known = { id: new Types.ObjectId(), groups: new Set(interp.groups) };
    index.add(plan.stationCode, nameKey, interp.phone, addressKey, fresh);
    householdOfRow[row] = fresh.id;
    outcomes[row]!.householdCreated = true;
    newHouseholds.push({
      row,
      known: fresh,
      doc: {
        _id: fresh.id,
        countyCode,
        stationCode: plan.stationCode,
        communityCode: plan.communityCode,
        headName: interp.headName,
        nameKey,
        phone: interp.phone ?? null,
        address: interp.address ?? '（未填写）',
        addressKey: addressKey ?? normaliseAddress('（未填写）'),
        members: [],
        groups: interp.groups,
        keyTarget: interp.keyTarget ?? false,
        location: plan.location,
        consent: interp.consent === undefined ? null : { given: interp.consent, at: interp.submittedAt ?? now, by: interp.headName },
        notes: null,
        sourceKeys: [`import:${plan.rowKey}`],
        createdBy: by,
        archivedAt: null,
      },
    });
  });

  const fail = (row: number, reason: string) => {
    const o = outcomes[row]!;
    if (!o.ok) return;
    o.ok = false;
    o.problem = { row: o.plan.rowNumber, column: '', reason: `该行写入失败，已撤销（${reason.slice(0, 100)}），可重新导入` };
  };

  const householdsFailed = await insertHouseholds(newHouseholds.map((h) => h.doc));
  for (const [i, reason] of householdsFailed) {
    fail(newHouseholds[i]!.row, reason);
    index.remove(newHouseholds[i]!.known);
  }

  const needDocs: Array<{ row: number; doc: PlacedNeedRecord & { _id: Types.ObjectId } }> = [];
  plans.forEach((plan, row) => {
    if (!outcomes[row]!.ok) return;
    const { interp } = plan;
    for (const item of interp.needs) {
      const record = buildNeedRecord(
        {
          communityCode: plan.communityCode,
          householdId: String(householdOfRow[row]),
          category: item.category,
          title: needTitle(item, { headName: interp.headName }),
          description: interp.description || item.label,
          groups: interp.groups,
          urgency: interp.urgency,
          location: plan.location,
          schedule: { kind: 'recurring', windows: interp.windows },
          skills: [],
          source: 'survey',
        },
        { by, at: now, sourceKey: `row:import:${plan.rowKey}:${item.category ?? item.label}`, importJobId: jobId },
      );
      needDocs.push({ row, doc: { ...record, _id: new Types.ObjectId(), countyCode, stationCode: plan.stationCode } });
    }
  });
  const needs = await insertNeeds(
    needDocs.map((n) => n.doc),
    (i) => needDocs[i]!.row,
  );
  for (const [i, reason] of needs.failed) fail(needDocs[i]!.row, reason);
  needDocs.forEach((n, i) => {
    if (!needs.failed.has(i) && !needs.duplicates.has(i)) outcomes[n.row]!.needsCreated++;
  });

  // Undo failed rows: their needs inserted in this chunk, and the household they created.
  const undoNeeds = needDocs
    .filter((n, i) => !outcomes[n.row]!.ok && !needs.failed.has(i) && !needs.duplicates.has(i))
    .map((n) => n.doc._id);
  const undoHouseholds = newHouseholds.filter((h, i) => !outcomes[h.row]!.ok && !householdsFailed.has(i)).map((h) => String(h.known.id));
  await needRecords.deleteByIds(undoNeeds);
  await householdBulk.deleteByIds(undoHouseholds);
  for (const h of newHouseholds) if (!outcomes[h.row]!.ok) index.remove(h.known);
  for (const o of outcomes) if (!o.ok) o.needsCreated = 0;

  await householdBulk.bulkWrite(
    [...groupUpdates.values()].map((u) => ({
      updateOne: {
        filter: { _id: u.id },
        update: { $set: { groups: u.groups, updatedAt: now }, $addToSet: { sourceKeys: `import:${u.rowKey}` } },
      },
    })),
  );
  return outcomes;
}
