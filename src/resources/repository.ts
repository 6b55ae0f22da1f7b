import type { QueryFilter, Types } from 'mongoose';
import { withBusyRetry } from '../db/busy.js';
import { notFound } from '../http/errors.js';
import { isObjectId, trusted } from '../shared/model.js';
import type { Page, SubjectScope } from '../shared/scoped-repository.js';
import { groupSums } from '../supply/aggregate.js';
import { pageById } from '../supply/paging.js';
import { AllocationModel, CharityModel, ResourceModel, type AllocationDoc, type CharityDoc, type ResourceDoc } from './model.js';

/**
 * Charity resources are county-owned (a charity serves a whole county): staff read them by county,
 * a charity reads its own through a SubjectScope.
 */
export const resources = {
  /** A charity's own resource, or 404 (another charity's does not exist for it). */
  async getOwn(subject: SubjectScope, id: string): Promise<ResourceDoc> {
    const doc = subject.kind === 'charity' ? await resources.findInCounty(subject.countyCode, id) : null;
    if (!doc || doc.charityId !== subject.subjectId) throw notFound('资源');
    return doc;
  },

  /** A resource of a county, or 404. */
  async getInCounty(countyCode: string, id: string): Promise<ResourceDoc> {
    const doc = await resources.findInCounty(countyCode, id);
    if (!doc) throw notFound('资源');
    return doc;
  },

  /**
   * A resource of a county, or null (also for a malformed id). Read by `_id` alone and the county
   * checked here: FerretDB answers only a pure `_id` filter from the index.
   */
  async findInCounty(countyCode: string, id: string): Promise<ResourceDoc | null> {
    const doc = isObjectId(id) ? await ResourceModel.findById(id).lean<ResourceDoc>() : null;
    return doc?.countyCode === countyCode ? doc : null;
  },

  /** A page, newest first, of a county's resources or a charity's own (the owner filter is required). */
  page(
    owner: { countyCode: string } | { charityId: string },
    filter: Record<string, unknown>,
    opts: { limit: number; cursor?: string },
  ): Promise<Page<ResourceDoc>> {
    return pageById(ResourceModel, { ...filter, ...owner } as QueryFilter<ResourceDoc>, opts);
  },

  /** Resources of a county matching `filter` (the candidate pool). */
  inCounty(countyCode: string, filter: Record<string, unknown>, limit = 20_000): Promise<ResourceDoc[]> {
    return ResourceModel.find({ ...filter, countyCode } as QueryFilter<ResourceDoc>)
      .limit(limit)
      .lean<ResourceDoc[]>()
      .exec();
  },

  async insert(doc: Omit<ResourceDoc, '_id' | 'createdAt' | 'updatedAt' | 'expiryNotifiedAt'>): Promise<ResourceDoc> {
    const [created] = await withBusyRetry(() => ResourceModel.insertMany([doc]));
    if (!created) throw new Error('insertMany returned no document');
    return created.toObject<ResourceDoc>();
  },

  /**
   * Updates a charity's own resource; null when it is gone (or no longer the charity's). Read and
   * written by `_id` alone (the only filter FerretDB answers from the index), the owner checked here.
   */
  async updateOwn(r: Pick<ResourceDoc, '_id' | 'charityId'>, update: Record<string, unknown>): Promise<ResourceDoc | null> {
    const current = await ResourceModel.findById(r._id).lean<ResourceDoc>();
    if (current?.charityId !== r.charityId) return null;
    return withBusyRetry(() => ResourceModel.findByIdAndUpdate(r._id, update, { returnDocument: 'after' }).lean<ResourceDoc>().exec());
  },

  /**
   * Marks an available resource depleted (the ledger reached its quantity). Read, checked and written
   * by `_id`: the ledger (unique per resource and seq) already decided the last allocation; this only
   * mirrors it, and leaves a withdrawn resource withdrawn.
   */
  async markDepleted(id: Types.ObjectId): Promise<void> {
    const current = await ResourceModel.findById(id, { status: 1 }).lean<Pick<ResourceDoc, 'status'>>();
    if (current?.status !== 'available') return;
    await withBusyRetry(() => ResourceModel.updateOne({ _id: id }, { $set: { status: 'depleted' } }));
  },

  /** Across counties, for jobs only. */
  unscoped: {
    /** Available resources past their expiry whose charity has not been told yet. */
    expiredUnnotified(now: Date, limit = 1000): Promise<ResourceDoc[]> {
      return ResourceModel.find({ status: 'available', expiresAt: trusted({ $lte: now }), expiryNotifiedAt: null })
        .limit(limit)
        .lean<ResourceDoc[]>()
        .exec();
    },
    /** Available resources whose expiry falls in (from, to], for the charity's advance notice. */
    expiringBetween(from: Date, to: Date, limit: number): Promise<ResourceDoc[]> {
      return ResourceModel.find({ status: 'available', expiresAt: trusted({ $gt: from, $lte: to }) })
        .limit(limit)
        .lean<ResourceDoc[]>()
        .exec();
    },
    /** Records that the expiry notice went out; false when another run recorded it first. */
    async markExpiryNotified(id: Types.ObjectId, now: Date): Promise<boolean> {
      const marked = await ResourceModel.updateOne({ _id: id, expiryNotifiedAt: null }, { $set: { expiryNotifiedAt: now } });
      return marked.modifiedCount === 1;
    },
  },
};

/** The allocation ledger: append-only, one row per allocation, unique per (resourceId, seq). */
export const allocationLedger = {
  /** The last entry of a resource (its cumulative total), or null before the first allocation. */
  last(resourceId: string): Promise<AllocationDoc | null> {
    return AllocationModel.findOne({ resourceId }).sort({ seq: -1 }).lean<AllocationDoc>().exec();
  },

  /** Appends an entry; a lost race for the same seq is a duplicate-key error. */
  async append(entry: Omit<AllocationDoc, '_id' | 'createdAt'>): Promise<void> {
    await withBusyRetry(() => AllocationModel.insertMany([entry]));
  },

  /** Every entry of a resource, in order. */
  ofResource(resourceId: string): Promise<AllocationDoc[]> {
    return AllocationModel.find({ resourceId }).sort({ seq: 1 }).limit(5000).lean<AllocationDoc[]>().exec();
  },

  /** Allocated amount and entry count per resource. */
  totals(resourceIds: string[]): Promise<Map<string, { allocated: number; count: number }>> {
    return groupSums(AllocationModel, { resourceId: { $in: resourceIds } }, '$resourceId', { allocated: '$amount', count: 1 });
  },
};

/** Charities of a county; each has one sign-in account. */
export const charities = {
  async insertProfile(doc: Omit<CharityDoc, 'createdAt' | 'updatedAt' | 'userId'>): Promise<void> {
    await withBusyRetry(() => CharityModel.create(doc));
  },
  async removeProfile(id: Types.ObjectId): Promise<void> {
    await withBusyRetry(() => CharityModel.deleteOne({ _id: id }));
  },
  async linkAccount(id: Types.ObjectId, userId: string): Promise<CharityDoc> {
    const doc = await withBusyRetry(() =>
      CharityModel.findOneAndUpdate({ _id: id }, { $set: { userId } }, { returnDocument: 'after' }).lean<CharityDoc>(),
    );
    if (!doc) throw notFound('慈善组织');
    return doc;
  },
  /** The charity's own record, or 404. */
  async getOwn(subject: SubjectScope): Promise<CharityDoc> {
    // By `_id` alone (FerretDB's index answers only that), the county checked here.
    const doc =
      subject.kind === 'charity' && isObjectId(subject.subjectId)
        ? await CharityModel.findById(subject.subjectId).lean<CharityDoc>()
        : null;
    if (doc?.countyCode !== subject.countyCode) throw notFound('慈善组织');
    return doc;
  },
  /** Charities of a county, oldest first. */
  ofCounty(countyCode: string): Promise<CharityDoc[]> {
    return CharityModel.find({ countyCode }).sort({ _id: 1 }).limit(1000).lean<CharityDoc[]>().exec();
  },
};

/** Reports: allocation entries of a county (optionally some stations) made in [from, to). */
export function allocationsBetween(countyCode: string, stationCodes: string[] | null, from: Date, to: Date): Promise<AllocationDoc[]> {
  const filter: Record<string, unknown> = { countyCode, at: trusted({ $gte: from, $lt: to }) };
  if (stationCodes) filter.stationCode = trusted({ $in: stationCodes });
  return AllocationModel.find(filter).limit(100_000).lean<AllocationDoc[]>().exec();
}
