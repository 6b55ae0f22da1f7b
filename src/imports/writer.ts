/**
 * Writes checked import rows in batches: the commit reads what it matches against ONCE (the target
 * stations' live households by match key; the keys of their needs once a replay shows), then per batch
 * one unordered insert of new households and one of needs (two when some rows meet stored households).
 *
 * Idempotence rests on keys, not on the batch: a household is found again by name + phone or name +
 * address, and each need's (stationCode, sourceKey) is unique and derived from the row's content, so a
 * row imported again inserts nothing, and a unique-index refusal of a need means "already there".
 * Households are written before their needs, so a crash part-way leaves at worst households without
 * some needs, which the next import of the file completes.
 * Within a batch every row stands alone: a batch refused whole is retried row by row, and a row whose
 * writes fail is removed again, so no row is left half-written by an error.
 */
import { Types } from 'mongoose';
import { householdBulk, households, type HouseholdRecord } from '../households/repository.js';
import { buildNeedRecord, needTitle } from '../needs/record.js';
import { needRecords, type PlacedNeedRecord } from '../needs/repository.js';
import type { BulkInsertResult } from '../shared/bulk-insert.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { trusted } from '../shared/model.js';
import { normaliseAddress } from './cells.js';
import type { RowPlan } from './check.js';
import type { ImportProblem } from './problem.js';

interface Known {
  id: Types.ObjectId;
  groups: Set<string>;
  /** Stored before this commit began (its needs may exist already), not created by it. */
  stored: boolean;
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
      index.add(h.stationCode, h.nameKey, h.phone ?? undefined, h.addressKey, { id: h._id, groups: new Set(h.groups ?? []), stored: true });
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

  /** Forgets a household this commit failed to write (a rare path: scans the keys). */
  remove(known: Known): void {
    for (const map of [this.byPhone, this.byAddress]) for (const [k, v] of map) if (v === known) map.delete(k);
  }
}

/**
 * Refused duplicates after which a commit reads the keys of every stored need of its stations. A file
 * imported again shows itself within a batch; a new survey round that meets a few known households
 * never pays for the read (one pass over the whole needs collection on FerretDB).
 */
const READ_KEYS_AFTER_DUPLICATES = 100;

/**
 * Needs a commit knows to exist, by station and sourceKey: once its inserts have been refused as
 * duplicates READ_KEYS_AFTER_DUPLICATES times, every need of the target stations (read once) and those it
 * writes from then on. A need known here is not sent again: on FerretDB a refused duplicate costs a
 * transaction of its own (the server retries the refused insert document by document).
 */
export class NeedKeys {
  private readonly keys = new Set<string>();
  private loading: Promise<void> | null = null;
  private duplicates = 0;

  constructor(
    private readonly countyCode: string,
    private readonly stationCodes: readonly string[],
  ) {}

  has(stationCode: string, sourceKey: string): boolean {
    return this.keys.has(`${stationCode}|${sourceKey}`);
  }

  /**
   * Notes a need this commit wrote (or found there). Kept only once the stored keys are read: before
   * that, a repeated row is rare enough to be left to the unique index.
   */
  noteWritten(stationCode: string, sourceKey: string): void {
    if (this.loading) this.keys.add(`${stationCode}|${sourceKey}`);
  }

  /** Counts inserts refused as already there; reads the stored keys when they become many. */
  async noteDuplicates(count: number): Promise<void> {
    this.duplicates += count;
    if (this.duplicates >= READ_KEYS_AFTER_DUPLICATES) await this.loadStored();
  }

  /** Reads the stored needs' keys, once per commit however often it is called. */
  loadStored(): Promise<void> {
    this.loading ??= (async () => {
      for await (const n of needRecords.keysOf(this.countyCode, this.stationCodes)) this.keys.add(`${n.stationCode}|${n.sourceKey}`);
    })();
    return this.loading;
  }
}

/** What writing one batch did, per row. */
export interface RowOutcome {
  plan: RowPlan;
  ok: boolean;
  householdCreated: boolean;
  needsCreated: number;
  problem?: ImportProblem;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Inserts a batch's needs in one unordered insert. When the whole batch is refused (a document too
 * large, a lost connection), retries row by row, so one bad row fails alone.
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
        for (const i of indexes) failed.set(i, reasonOf(err));
      }
    }
    return { failed, duplicates };
  }
}

/**
 * Inserts a batch's new households (at most one per row) in one unordered insert; refused documents come
 * back by index. When the batch is refused whole, retries one by one: a household already there then is
 * one the batch wrote before it stopped (its id is ours, chosen here), so not a failure.
 */
async function insertHouseholds(docs: HouseholdRecord[]): Promise<Map<number, string>> {
  const failed = new Map<number, string>();
  try {
    // A duplicate can only be our own fresh _id, i.e. written already: counted as done.
    (await householdBulk.insertRecords(docs)).failed.forEach((reason, i) => failed.set(i, reason));
  } catch {
    for (const [i, doc] of docs.entries()) {
      try {
        const r = await householdBulk.insertRecords([doc]);
        r.failed.forEach((reason) => failed.set(i, reason));
      } catch (err) {
        if (!isDuplicateKey(err)) failed.set(i, reasonOf(err));
      }
    }
  }
  return failed;
}

function byRow(count: number, rowOf: (i: number) => number): number[][] {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const list = rows.get(rowOf(i));
    if (list) list.push(i);
    else rows.set(rowOf(i), [i]);
  }
  return [...rows.values()];
}

/** Writes one batch of valid rows. */
export async function writeChunk(props: {
  plans: RowPlan[];
  index: HouseholdIndex;
  /** Needs known to exist; a writer of several batches passes one for the whole commit. */
  needKeys?: NeedKeys;
  countyCode: string;
  by: string;
  jobId: string;
}): Promise<RowOutcome[]> {
  const { plans, index, countyCode, by, jobId } = props;
  const needKeys = props.needKeys ?? new NeedKeys(countyCode, [...new Set(plans.map((p) => p.stationCode))]);
  const now = new Date();
  const outcomes: RowOutcome[] = plans.map((plan) => ({ plan, ok: true, householdCreated: false, needsCreated: 0 }));
  const newHouseholds: Array<{ row: number; doc: HouseholdRecord; known: Known }> = [];
  const groupUpdates = new Map<string, { id: Types.ObjectId; groups: string[]; rowKey: string }>();
  const householdOfRow: Types.ObjectId[] = [];
  /** Rows that met a household stored before this commit. */
  const storedRow: boolean[] = [];

  plans.forEach((plan, row) => {
    const { interp } = plan;
    const addressKey = interp.address ? normaliseAddress(interp.address) : undefined;
    const nameKey = interp.headName;
    const known = index.match(plan.stationCode, nameKey, interp.phone, addressKey);
    if (known) {
      householdOfRow[row] = known.id;
      storedRow[row] = known.stored;
      const added = interp.groups.filter((g) => !known.groups.has(g));
      if (added.length) {
        added.forEach((g) => known.groups.add(g));
        groupUpdates.set(String(known.id), { id: known.id, groups: [...known.groups], rowKey: plan.rowKey });
      }
      return;
    }
    const fresh: Known = { id: new Types.ObjectId(), groups: new Set(interp.groups), stored: false };
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
  const missing = new Map<string, string>();
  for (const [i, reason] of householdsFailed) {
    missing.set(String(newHouseholds[i]!.known.id), reason);
    index.remove(newHouseholds[i]!.known);
  }
  // Every row of a household that could not be written fails with it (a row repeated in the batch too).
  householdOfRow.forEach((id, row) => {
    const reason = missing.get(String(id));
    if (reason !== undefined) fail(row, reason);
  });

  const needDocs: Array<{ row: number; doc: PlacedNeedRecord & { _id: Types.ObjectId }; stored: boolean }> = [];
  plans.forEach((plan, row) => {
    if (!outcomes[row]!.ok) return;
    const { interp } = plan;
    for (const item of interp.needs) {
      const sourceKey = `row:import:${plan.rowKey}:${item.category ?? item.label}`;
      if (needKeys.has(plan.stationCode, sourceKey)) continue;
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
        { by, at: now, sourceKey, importJobId: jobId },
      );
      needDocs.push({
        row,
        doc: { ...record, _id: new Types.ObjectId(), countyCode, stationCode: plan.stationCode },
        stored: storedRow[row] === true,
      });
    }
  });
  // Needs of households created by this commit are new; those of stored households may be there already
  // (a file imported again, a commit that stopped part-way): inserted apart, so their refusals do not
  // make the server retry the new ones one by one.
  const needs: BulkInsertResult = { failed: new Map(), duplicates: new Set() };
  for (const part of [needDocs.flatMap((n, i) => (n.stored ? [] : [i])), needDocs.flatMap((n, i) => (n.stored ? [i] : []))]) {
    const r = await insertNeeds(
      part.map((i) => needDocs[i]!.doc),
      (k) => needDocs[part[k]!]!.row,
    );
    r.failed.forEach((reason, k) => needs.failed.set(part[k]!, reason));
    r.duplicates.forEach((k) => needs.duplicates.add(part[k]!));
  }
  for (const [i, reason] of needs.failed) fail(needDocs[i]!.row, reason);
  needDocs.forEach((n, i) => {
    if (!needs.failed.has(i) && !needs.duplicates.has(i)) outcomes[n.row]!.needsCreated++;
  });

  // Undo failed rows: their needs inserted in this batch, and the household they created.
  const undoNeeds = needDocs
    .filter((n, i) => !outcomes[n.row]!.ok && !needs.failed.has(i) && !needs.duplicates.has(i))
    .map((n) => n.doc._id);
  // A household created for a failed row stays when a later row of the batch stands on it (that row now
  // counts as the one that created it); otherwise it goes with its row.
  const firstStanding = new Map<string, number>();
  householdOfRow.forEach((id, row) => {
    if (outcomes[row]!.ok && !firstStanding.has(String(id))) firstStanding.set(String(id), row);
  });
  const undoHouseholds: string[] = [];
  newHouseholds.forEach((h, i) => {
    if (outcomes[h.row]!.ok || householdsFailed.has(i)) return;
    const heir = firstStanding.get(String(h.known.id));
    if (heir === undefined) undoHouseholds.push(String(h.known.id));
    else outcomes[heir]!.householdCreated = true;
  });
  await needRecords.deleteByIds(undoNeeds);
  await householdBulk.deleteByIds(undoHouseholds);
  const undone = new Set(undoHouseholds);
  for (const h of newHouseholds) if (undone.has(String(h.known.id))) index.remove(h.known);
  for (const o of outcomes) if (!o.ok) Object.assign(o, { needsCreated: 0, householdCreated: false });
  needDocs.forEach((n, i) => {
    if (outcomes[n.row]!.ok && !needs.failed.has(i)) needKeys.noteWritten(n.doc.stationCode, n.doc.sourceKey);
  });
  await needKeys.noteDuplicates(needs.duplicates.size);

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
