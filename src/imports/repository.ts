/**
 * Data access of questionnaire imports: the jobs (a station's, or a county admin's county-wide one,
 * whose stationCode is null) and the claims that let a job be committed once.
 */
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { isObjectId } from '../shared/model.js';
import { ImportCommitClaimModel, ImportJobModel, type ImportJobDoc } from './model.js';

/** A job as created: everything but what the database sets. */
export type NewImportJob = Omit<ImportJobDoc, 'createdAt' | 'updatedAt' | 'startedAt' | 'finishedAt'>;

/** Fields a job's progress and outcome change. */
export type ImportJobChange = Partial<
  Pick<
    ImportJobDoc,
    | 'columnMapping'
    | 'saveMappingToTemplate'
    | 'status'
    | 'totalRows'
    | 'rowsDone'
    | 'counts'
    | 'problems'
    | 'problemCount'
    | 'error'
    | 'filePath'
    | 'startedAt'
    | 'finishedAt'
  >
>;

export const importJobs = {
  /**
   * One job within scope, or 404. A coordinator sees its station's jobs; the county admin every job of
   * the county, county-wide ones included.
   */
  async get(scope: StationScope, id: string): Promise<ImportJobDoc> {
    const doc = isObjectId(id) ? await ImportJobModel.findOne({ _id: id, ...scopeFilter(scope) }).lean<ImportJobDoc>() : null;
    if (!doc) throw notFound('导入任务');
    return doc;
  },

  /** The latest jobs within scope. */
  list(scope: StationScope, limit = 50): Promise<ImportJobDoc[]> {
    return ImportJobModel.find(scopeFilter(scope)).sort({ _id: -1 }).limit(limit).lean<ImportJobDoc[]>().exec();
  },

  async create(job: NewImportJob): Promise<ImportJobDoc> {
    const created = await ImportJobModel.create(job);
    return created.toObject<ImportJobDoc>();
  },

  /** Changes a job the caller has already found in its scope (by its own id); returns it as changed. */
  async set(job: Pick<ImportJobDoc, '_id'>, change: ImportJobChange): Promise<ImportJobDoc | null> {
    return ImportJobModel.findOneAndUpdate({ _id: job._id }, { $set: change }, { returnDocument: 'after' }).lean<ImportJobDoc>();
  },

  /** True when this caller now holds the job's single commit (a unique insert decides, also on FerretDB). */
  async claimCommit(jobId: string): Promise<boolean> {
    try {
      await ImportCommitClaimModel.create({ jobId });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },
};
