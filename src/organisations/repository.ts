import type { Types } from 'mongoose';
import { withBusyRetry } from '../db/busy.js';
import { badRequest, notFound } from '../http/errors.js';
import { isObjectId } from '../shared/model.js';
import { ScopedRepository, type SubjectScope } from '../shared/scoped-repository.js';
import { categoryName } from '../needs/taxonomy.js';
import { searchTextOf } from '../supply/text.js';
import { OrganisationModel, type Coverage, type OrganisationDoc } from './model.js';

/** A new organisation as registration writes it (its id is chosen first: the account points at it). */
export type NewOrganisation = Omit<OrganisationDoc, 'createdAt' | 'updatedAt' | 'userId' | 'usageMonth'>;

/**
 * Organisations: station-owned (home station) for coordinators, and the organisation's own record
 * through a SubjectScope.
 */
class OrganisationRepository extends ScopedRepository<OrganisationDoc> {
  constructor() {
    super(OrganisationModel, '社会组织');
  }

  private subjectFilter(subject: SubjectScope) {
    if (subject.kind !== 'organisation' || !isObjectId(subject.subjectId)) return null;
    return { _id: subject.subjectId, countyCode: subject.countyCode };
  }

  /** The organisation's own record, or 404. */
  async getOwn(subject: SubjectScope): Promise<OrganisationDoc> {
    const filter = this.subjectFilter(subject);
    const doc = filter ? await OrganisationModel.findOne(filter).lean<OrganisationDoc>() : null;
    if (!doc) throw notFound('社会组织');
    return doc;
  }

  /** Sets fields of the organisation's own record, or 404. */
  async updateOwn(subject: SubjectScope, set: Record<string, unknown>): Promise<OrganisationDoc> {
    const filter = this.subjectFilter(subject);
    const updated = filter
      ? await withBusyRetry(() =>
          OrganisationModel.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<OrganisationDoc>(),
        )
      : null;
    if (!updated) throw notFound('社会组织');
    return updated;
  }

  /** Writes a new organisation (its unique contact phone index refuses a second one). */
  async insertProfile(doc: NewOrganisation): Promise<void> {
    await withBusyRetry(() => OrganisationModel.create(doc));
  }

  /** Removes an organisation whose account could not be created. */
  async removeProfile(id: Types.ObjectId): Promise<void> {
    await withBusyRetry(() => OrganisationModel.deleteOne({ _id: id }));
  }

  /** Links an organisation to its sign-in account. */
  async linkAccount(id: Types.ObjectId, userId: string): Promise<OrganisationDoc> {
    const doc = await withBusyRetry(() =>
      OrganisationModel.findOneAndUpdate({ _id: id }, { $set: { userId } }, { returnDocument: 'after' }).lean<OrganisationDoc>(),
    );
    if (!doc) throw notFound('社会组织');
    return doc;
  }

  /**
   * An organisation by id alone, or null: for the capacity ledger, whose callers hold an id from a
   * record already in their scope and check the county themselves.
   */
  byId(id: string, opts: { approved?: true } = {}): Promise<OrganisationDoc | null> {
    return isObjectId(id)
      ? OrganisationModel.findOne({ _id: id, ...opts })
          .lean<OrganisationDoc>()
          .exec()
      : Promise.resolve(null);
  }

  /** Approved organisations of a county: the candidate pool. */
  poolOfCounty(countyCode: string): Promise<OrganisationDoc[]> {
    return this.findAll({ kind: 'county', countyCode }, { approved: true }, 20_000);
  }

  /** Mirrors the month's held referrals into the record (for readers of raw documents). */
  async mirrorUsage(id: string, used: number, month: string): Promise<void> {
    await withBusyRetry(() => OrganisationModel.updateOne({ _id: id }, { $set: { usedThisMonth: used, usageMonth: month } }));
  }
}

/** The one way to organisations. */
export const organisations = new OrganisationRepository();

/** The stored search text: name, description, type and category names. */
export function organisationSearchText(o: Pick<OrganisationDoc, 'name' | 'description' | 'type' | 'categories'>): string {
  return searchTextOf(
    o.name,
    o.description,
    o.type,
    (o.categories ?? []).map((c) => categoryName(c)),
  );
}

/** Community coverage must name communities of the organisation's county. */
export function assertCoverageInCounty(coverage: Coverage | undefined, countyCode: string): void {
  if (!coverage || !('communityCodes' in coverage)) return;
  const foreign = coverage.communityCodes.filter((c) => !c.startsWith(countyCode));
  if (foreign.length) {
    throw badRequest('coverage_outside_county', '服务范围中的村(社区)不属于本县', { field: 'coverage.communityCodes', codes: foreign });
  }
}
