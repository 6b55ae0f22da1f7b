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

  /** The subject's own record within its county, or null (read by `_id` alone, the county checked on it). */
  private own(subject: SubjectScope): Promise<OrganisationDoc | null> {
    if (subject.kind !== 'organisation') return Promise.resolve(null);
    return this.tryGet({ kind: 'county', countyCode: subject.countyCode }, subject.subjectId);
  }

  /** The organisation's own record, or 404. */
  async getOwn(subject: SubjectScope): Promise<OrganisationDoc> {
    const doc = await this.own(subject);
    if (!doc) throw notFound('社会组织');
    return doc;
  }

  /** Sets fields of the organisation's own record, or 404 (checked on the record, written by `_id`). */
  async updateOwn(subject: SubjectScope, set: Record<string, unknown>): Promise<OrganisationDoc> {
    const current = await this.own(subject);
    const updated = current
      ? await withBusyRetry(() =>
          OrganisationModel.findByIdAndUpdate(current._id, { $set: set }, { returnDocument: 'after' }).lean<OrganisationDoc>(),
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
  async byId(id: string, opts: { approved?: true } = {}): Promise<OrganisationDoc | null> {
    // By `_id` alone (FerretDB's index answers only that), approval checked here.
    const doc = isObjectId(id) ? await OrganisationModel.findById(id).lean<OrganisationDoc>() : null;
    return doc && (!opts.approved || doc.approved === true) ? doc : null;
  }

  /** Approved organisations of a county: the candidate pool. */
  poolOfCounty(countyCode: string): Promise<OrganisationDoc[]> {
    return this.findAll({ kind: 'county', countyCode }, { approved: true }, 20_000);
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
