import type { AnyBulkWriteOperation } from 'mongoose';
import type { StationScope } from '../auth/actor.js';
import { trusted } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import { insertUnordered, type BulkInsertResult } from '../shared/bulk-insert.js';
import { HouseholdModel, type HouseholdDoc } from './model.js';

/** A household as a bulk writer builds it: every stored field but the timestamps, none left to schema defaults. */
export type HouseholdRecord = Required<Omit<HouseholdDoc, 'createdAt' | 'updatedAt'>>;

/** Scoped access to households: every person's request goes through here with its StationScope. */
export const households = new ScopedRepository<HouseholdDoc>(HouseholdModel, '服务对象户');

/**
 * A household in scope that is not archived, or null (also for a malformed id). Read by `_id` alone,
 * the archive checked here: FerretDB answers only a pure `_id` filter from the index.
 */
export async function liveHousehold(scope: StationScope, id: string): Promise<HouseholdDoc | null> {
  const h = await households.tryGet(scope, id);
  return h && h.archivedAt == null ? h : null;
}

/**
 * Bulk writes of households for imports, the demo seed and compensation steps (no person's scope:
 * the callers check the station before). Named so they stand out in review like `unscoped`.
 */
export const householdBulk = {
  async insertMany(docs: Array<Omit<HouseholdDoc, '_id' | 'createdAt' | 'updatedAt'> & Partial<Pick<HouseholdDoc, '_id'>>>): Promise<void> {
    if (docs.length) await HouseholdModel.insertMany(docs);
  },

  /**
   * Inserts complete household documents (every field given, _id chosen by the caller) in one unordered
   * driver insert: no per-document mongoose casting, which costs more than the insert itself in a bulk
   * import. Refusals come back by index; throws only when the whole batch is refused.
   */
  async insertRecords(docs: HouseholdRecord[]): Promise<BulkInsertResult> {
    const now = new Date();
    const stamped = docs.map((d) => ({ ...d, createdAt: now, updatedAt: now }));
    return insertUnordered((batch) => HouseholdModel.collection.insertMany(batch, { ordered: false }), stamped);
  },

  async bulkWrite(ops: AnyBulkWriteOperation<HouseholdDoc>[]): Promise<void> {
    if (ops.length) await HouseholdModel.bulkWrite(ops, { ordered: false });
  },

  /** Removes households written moments ago by a step that then failed (no transactions on FerretDB). */
  async deleteByIds(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return households.unscoped.deleteMany({ _id: trusted({ $in: ids }) });
  },
};
