/**
 * Data access of the surveys area: templates (county-wide or a station's), responses (station-owned,
 * through ScopedRepository) and the claims that make a response's recording single-winner.
 */
import { Types } from 'mongoose';
import { scopeIncludes, type StationScope } from '../auth/actor.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { isObjectId, trusted } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import { ResponseClaimModel, ResponseModel, TemplateModel, type ResponseClaimDoc, type ResponseDoc, type TemplateDoc } from './model.js';

/** Scoped access to survey responses. */
export const responses = new ScopedRepository<ResponseDoc>(ResponseModel, '调查记录');

/** Claims on a response's content key (see ResponseClaimDoc). */
export const responseClaims = {
  /** True when this caller now holds the claim; false when another holds it. */
  async claim(stationCode: string, contentKey: string): Promise<boolean> {
    try {
      await ResponseClaimModel.create({ stationCode, contentKey });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },
  find(stationCode: string, contentKey: string): Promise<ResponseClaimDoc | null> {
    return ResponseClaimModel.findOne({ stationCode, contentKey }).lean<ResponseClaimDoc>().exec();
  },
  /** Gives a claim up (its holder failed, or it is stale), so the next submission can record the response. */
  async release(claim: Pick<ResponseClaimDoc, '_id'>): Promise<void> {
    await ResponseClaimModel.deleteOne({ _id: claim._id });
  },
};

/** A template as created: everything but the fields the database sets. */
export type NewTemplate = Omit<TemplateDoc, '_id' | 'createdAt' | 'updatedAt'> & { _id?: Types.ObjectId };

/** Survey templates: a county's (stationCode null) and its stations' own. */
export const templates = {
  findDefault(countyCode: string): Promise<TemplateDoc | null> {
    return TemplateModel.findOne({ countyCode, key: 'default', stationCode: null }).lean<TemplateDoc>().exec();
  },

  /** Inserts a template; false when its (county, station, key) exists already. */
  async insert(doc: NewTemplate): Promise<TemplateDoc | null> {
    try {
      const created = await TemplateModel.create(doc);
      return created.toObject<TemplateDoc>();
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  /** Templates a scope may read: the county's own and, for a station, that station's. */
  readable(scope: StationScope, limit = 500): Promise<TemplateDoc[]> {
    const stations = scope.kind === 'station' ? { stationCode: trusted({ $in: [null, scope.stationCode] }) } : {};
    return TemplateModel.find({ countyCode: scope.countyCode, ...stations })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<TemplateDoc[]>()
      .exec();
  },

  /** One template the scope may read, or null (another station's template does not exist for it). */
  async get(scope: StationScope, id: string): Promise<TemplateDoc | null> {
    // By `_id` alone (FerretDB's index answers only that), the county and station checked here.
    const doc = isObjectId(id) ? await TemplateModel.findById(id).lean<TemplateDoc>() : null;
    if (doc?.countyCode !== scope.countyCode || (doc.stationCode && !scopeIncludes(scope, doc.stationCode))) return null;
    return doc;
  },

  async set(
    template: TemplateDoc,
    set: Partial<Pick<TemplateDoc, 'name' | 'description' | 'questions' | 'columnMapping'>>,
  ): Promise<TemplateDoc> {
    const updated = await TemplateModel.findOneAndUpdate(
      { _id: template._id },
      { $set: set },
      { returnDocument: 'after' },
    ).lean<TemplateDoc>();
    return updated ?? template;
  },
};
