/**
 * Data access of needs. A person's request goes through `needs` (ScopedRepository, every method takes
 * the StationScope); survey answers, imports and the demo seed write through `needRecords`.
 */
import { Types } from 'mongoose';
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { insertUnordered, type BulkInsertResult } from '../shared/bulk-insert.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { trusted } from '../shared/model.js';
import { CountyMirror } from '../shared/county-mirror.js';
import { ScopedRepository, withinScope } from '../shared/scoped-repository.js';
import { NeedModel, type NeedDoc } from './model.js';
import type { NeedRecord } from './record.js';

/**
 * The needs of each county in memory, for the board's lists and counts (src/needs/board-query.ts): one
 * scan per county, then kept current by every write below and by other instances' events.
 */
export const needMirror = new CountyMirror<NeedDoc>('needs', {
  loadCounty: (countyCode) => NeedModel.find({ countyCode }).lean<NeedDoc[]>().exec(),
  loadOne: (id) => NeedModel.findById(id).lean<NeedDoc>().exec(),
});

/** Scoped access to needs; every write through it updates the mirror before the caller goes on. */
export const needs = new ScopedRepository<NeedDoc>(NeedModel, '需求', needMirror);

/** A record with its station, ready to insert; the id and timestamps may be chosen by the caller. */
export type PlacedNeedRecord = NeedRecord & {
  countyCode: string;
  stationCode: string;
  _id?: Types.ObjectId;
  createdAt?: Date;
  updatedAt?: Date;
};

export type { BulkInsertResult } from '../shared/bulk-insert.js';

/** Writes of needs created by survey answers, import rows and the demo seed. */
export const needRecords = {
  /**
   * Creates a need once per `sourceKey` within a station: a replay of the same key finds the existing
   * need and creates nothing. The unique (stationCode, sourceKey) index settles concurrent calls: the
   * loser reads the winner's need.
   */
  async ensure(scope: StationScope, record: PlacedNeedRecord): Promise<{ need: NeedDoc; created: boolean }> {
    const filter = { ...scopeFilter(scope), stationCode: record.stationCode, sourceKey: record.sourceKey };
    const existing = await NeedModel.findOne(filter).lean<NeedDoc>();
    if (existing) return { need: existing, created: false };
    try {
      const created = (await NeedModel.create(record)).toObject<NeedDoc>();
      needMirror.put(created);
      return { need: created, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await NeedModel.findOne(filter).lean<NeedDoc>();
      if (!winner) throw err;
      return { need: winner, created: false };
    }
  },

  /**
   * Inserts without stopping at the first refusal (ordered: false). Throws only when the whole batch is
   * refused (a lost connection, a batch too large), so the caller can retry row by row.
   */
  async insertMany(records: PlacedNeedRecord[]): Promise<BulkInsertResult> {
    const now = new Date();
    const docs = records.map((r) => ({ _id: new Types.ObjectId(), createdAt: now, updatedAt: now, ...r }));
    // The driver's insert keeps the given timestamps (the demo back-dates its needs).
    let result: BulkInsertResult;
    try {
      result = await insertUnordered((batch) => NeedModel.collection.insertMany(batch, { ordered: false }), docs);
    } catch (err) {
      // Refused as a whole, yet some may have landed: the counties' mirrors reload before their next read.
      for (const countyCode of new Set(records.map((r) => r.countyCode))) needMirror.invalidate(countyCode);
      throw err;
    }
    // The driver stores exactly these documents: those inserted go to the mirror as they are.
    docs.forEach((doc, i) => {
      if (!result.failed.has(i) && !result.duplicates.has(i)) needMirror.put(doc as NeedDoc);
    });
    return result;
  },

  /**
   * The (stationCode, sourceKey) of every need of the given stations, for a bulk writer to skip what is
   * there already. One pass over the collection (FerretDB scans for any filter but _id): call once per
   * job, never per row; streamed, so only the two fields are kept.
   */
  async *keysOf(countyCode: string, stationCodes: readonly string[]): AsyncGenerator<{ stationCode: string; sourceKey: string }> {
    const filter = { countyCode, ...(stationCodes.length ? { stationCode: trusted({ $in: [...stationCodes] }) } : {}) };
    for await (const n of NeedModel.find(filter, { stationCode: 1, sourceKey: 1 })
      .lean<{ stationCode: string; sourceKey: string }>()
      .cursor()) {
      yield { stationCode: n.stationCode, sourceKey: n.sourceKey };
    }
  },

  /** Removes needs written moments ago by a step that then failed (no transactions on FerretDB). */
  async deleteByIds(ids: Array<string | Types.ObjectId>): Promise<number> {
    if (!ids.length) return 0;
    const deleted = await NeedModel.deleteMany({ _id: trusted({ $in: ids.map(String) }) });
    needMirror.removed(ids.map(String));
    return deleted.deletedCount;
  },
};

/** Jobs: every station that has open or matching needs, with its county. */
export async function stationsWithOpenNeeds(): Promise<Array<{ countyCode: string; stationCode: string }>> {
  const rows = await NeedModel.aggregate<{ _id: { countyCode: string; stationCode: string } }>([
    { $match: { status: trusted({ $in: ['open', 'matching'] }) } },
    { $group: { _id: { countyCode: '$countyCode', stationCode: '$stationCode' } } },
  ]);
  return rows.map((r) => r._id);
}

// Read-only facts for the station statistics (src/station-stats/).

export interface NeedFacts {
  _id: unknown;
  stationCode: string;
  status: string;
  createdAt: Date;
  householdId: string | null;
}

/** Needs created in [from, to). */
export function needsCreatedBetween(scope: StationScope, from: Date, to: Date): Promise<NeedFacts[]> {
  return NeedModel.find(
    { ...scopeFilter(scope), createdAt: trusted({ $gte: from, $lt: to }) },
    { stationCode: 1, status: 1, createdAt: 1, householdId: 1 },
  ).lean<NeedFacts[]>();
}

/** Needs still waiting for a match now (open or matching), per station. */
export async function openNeedsNow(scope: StationScope): Promise<Map<string, number>> {
  const rows = await NeedModel.find(
    { ...scopeFilter(scope), status: trusted({ $in: ['open' as const, 'matching' as const] }) },
    { stationCode: 1 },
  ).lean<Array<{ stationCode: string }>>();
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.stationCode, (by.get(r.stationCode) ?? 0) + 1);
  return by;
}

/** Household of each need id. */
export async function householdsOfNeeds(ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await NeedModel.find({ _id: trusted({ $in: ids.slice(i, i + 1000) }) }, { householdId: 1 }).lean<
      Array<{ _id: unknown; householdId: string | null }>
    >();
    for (const r of rows) out.set(String(r._id), r.householdId ?? null);
  }
  return out;
}

/** A household's needs within the scope, from the county's mirror (a household's record: export, erasure). */
export async function needsOfHousehold(scope: StationScope, householdId: string): Promise<NeedDoc[]> {
  const out: NeedDoc[] = [];
  for (const n of (await needMirror.read(scope.countyCode)).values())
    if (n.householdId === householdId && withinScope(n, scope)) out.push(n);
  return out.sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
}
