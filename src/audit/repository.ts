import { isObjectId, trusted } from '../shared/model.js';
import { AuditModel, type AuditDoc } from './model.js';

/** The audit trail: append-only; read by the county admin. */
export const auditLog = {
  async append(rows: Array<Omit<AuditDoc, '_id' | 'createdAt'>>): Promise<void> {
    if (rows.length) await AuditModel.insertMany(rows);
  },

  /** Rows of a county, newest first, before an id (keyset paging). */
  list(
    countyCode: string,
    filter: { entity?: string; entityId?: string; actorId?: string; before?: string },
    limit: number,
  ): Promise<AuditDoc[]> {
    const query: Record<string, unknown> = { countyCode };
    if (filter.entity) query.entity = filter.entity;
    if (filter.entityId) query.entityId = filter.entityId;
    if (filter.actorId) query.actorId = filter.actorId;
    if (filter.before && isObjectId(filter.before)) query._id = trusted({ $lt: filter.before });
    return AuditModel.find(query).sort({ _id: -1 }).limit(limit).lean<AuditDoc[]>().exec();
  },

  /** Retention, for jobs only. */
  unscoped: {
    /** Deletes entries older than the cutoff (the audit trail's own retention period); returns how many. */
    async purgeBefore(cutoff: Date): Promise<number> {
      const res = await AuditModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
      return res.deletedCount;
    },
  },
};
