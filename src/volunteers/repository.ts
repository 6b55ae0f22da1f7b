import type { Types } from 'mongoose';
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { withBusyRetry } from '../db/busy.js';
import { notFound } from '../http/errors.js';
import { isObjectId, trusted } from '../shared/model.js';
import { ScopedRepository, type SubjectScope } from '../shared/scoped-repository.js';
import { groupSums } from '../supply/aggregate.js';
import { searchTextOf } from '../supply/text.js';
import {
  HoursConfirmationModel,
  ServiceHoursModel,
  VolunteerModel,
  type HoursConfirmationDoc,
  type ServiceHoursDoc,
  type VolunteerDoc,
} from './model.js';

/** A new profile as registration writes it (its id is chosen first: the account points at it). */
export type NewVolunteer = Omit<VolunteerDoc, 'createdAt' | 'updatedAt' | 'userId'>;

/**
 * Volunteer profiles: station-owned (home station) for coordinators, and the volunteer's own record
 * through a SubjectScope.
 */
class VolunteerRepository extends ScopedRepository<VolunteerDoc> {
  constructor() {
    super(VolunteerModel, '志愿者');
  }

  /** The subject's own record within its county, or null (read by `_id` alone, the county checked on it). */
  private own(subject: SubjectScope): Promise<VolunteerDoc | null> {
    if (subject.kind !== 'volunteer') return Promise.resolve(null);
    return this.tryGet({ kind: 'county', countyCode: subject.countyCode }, subject.subjectId);
  }

  /** The volunteer's own profile, or 404. */
  async getOwn(subject: SubjectScope): Promise<VolunteerDoc> {
    const doc = await this.own(subject);
    if (!doc) throw notFound('志愿者');
    return doc;
  }

  /** Sets fields of the volunteer's own profile, or 404 (checked on the record, written by `_id`). */
  async updateOwn(subject: SubjectScope, set: Record<string, unknown>): Promise<VolunteerDoc> {
    const current = await this.own(subject);
    const updated = current
      ? await withBusyRetry(() =>
          VolunteerModel.findByIdAndUpdate(current._id, { $set: set }, { returnDocument: 'after' }).lean<VolunteerDoc>(),
        )
      : null;
    if (!updated) throw notFound('志愿者');
    return updated;
  }

  /** Writes a new profile (its unique phone index refuses a second one with a duplicate-key error). */
  async insertProfile(doc: NewVolunteer): Promise<void> {
    await withBusyRetry(() => VolunteerModel.create(doc));
  }

  /** Removes a profile whose account could not be created. */
  async removeProfile(id: Types.ObjectId): Promise<void> {
    await withBusyRetry(() => VolunteerModel.deleteOne({ _id: id }));
  }

  /** Links a profile to its sign-in account. */
  async linkAccount(id: Types.ObjectId, userId: string): Promise<VolunteerDoc> {
    const doc = await withBusyRetry(() =>
      VolunteerModel.findOneAndUpdate({ _id: id }, { $set: { userId } }, { returnDocument: 'after' }).lean<VolunteerDoc>(),
    );
    if (!doc) throw notFound('志愿者');
    return doc;
  }

  /**
   * A volunteer by id alone, or null: for the capacity ledger, whose callers hold an id from a
   * record already in their scope (an assignment, a candidate) and check the county themselves.
   */
  byId(id: string): Promise<VolunteerDoc | null> {
    return isObjectId(id) ? VolunteerModel.findOne({ _id: id }).lean<VolunteerDoc>().exec() : Promise.resolve(null);
  }

  /** An approved volunteer (who may take an assignment slot) by id, or null. */
  async approved(id: string): Promise<VolunteerDoc | null> {
    // By _id alone (the index answers it on FerretDB), approval checked here.
    const v = await this.byId(id);
    return v?.approved === true ? v : null;
  }

  /** Approved volunteers of a county with a home location: the candidate pool. */
  poolOfCounty(countyCode: string): Promise<VolunteerDoc[]> {
    return this.findAll({ kind: 'county', countyCode }, { approved: true, location: trusted({ $ne: null }) }, 20_000);
  }
}

/** The one way to volunteer profiles. */
export const volunteers = new VolunteerRepository();

/** The stored search text of a profile: name, skills, description, certifications. */
export function volunteerSearchText(v: Pick<VolunteerDoc, 'name' | 'skills' | 'description' | 'certifications'>): string {
  return searchTextOf(v.name, v.skills, v.description, v.certifications);
}

/** A total of hours under a key (volunteer id, month or station code). */
export interface HoursTotal {
  key: string;
  hours: number;
  entries: number;
}

/** A page of entries awaiting confirmation, oldest first. */
export interface PendingHoursQuery {
  volunteerId?: string;
  limit: number;
}

/**
 * The service-hours ledger. Entries are station-owned (the station where the service was given);
 * an entry is appended unconfirmed and confirmed once; nothing is deleted. Totals count only
 * confirmed entries.
 */
class ServiceHoursRepository extends ScopedRepository<ServiceHoursDoc> {
  constructor() {
    super(ServiceHoursModel, '服务时长记录');
  }

  /** Appends one entry; a second for the same assignment, volunteer and day is a duplicate-key error. */
  async append(entry: Omit<ServiceHoursDoc, '_id' | 'createdAt' | 'confirmed'> & { confirmed?: boolean }): Promise<ServiceHoursDoc> {
    const [created] = await withBusyRetry(() => ServiceHoursModel.insertMany([{ ...entry, confirmed: entry.confirmed ?? false }]));
    if (!created) throw new Error('insertMany returned no document');
    return created.toObject<ServiceHoursDoc>();
  }

  /** Unconfirmed entries of a scope, oldest first. */
  pending(scope: StationScope, q: PendingHoursQuery): Promise<ServiceHoursDoc[]> {
    return ServiceHoursModel.find({ ...scopeFilter(scope), confirmed: false, ...(q.volunteerId ? { volunteerId: q.volunteerId } : {}) })
      .sort({ createdAt: 1, _id: 1 })
      .limit(q.limit)
      .lean<ServiceHoursDoc[]>()
      .exec();
  }

  /** How many entries of a scope await confirmation. */
  countPending(scope: StationScope): Promise<number> {
    return ServiceHoursModel.countDocuments({ ...scopeFilter(scope), confirmed: false }).exec();
  }

  /**
   * Claims the confirmation of an entry: an insert under a unique index, so exactly one
   * coordinator's confirmation wins; the loser gets a duplicate-key error.
   */
  async claimConfirmation(claim: { entryId: string; hours: number; confirmedBy: string }): Promise<void> {
    await withBusyRetry(() => HoursConfirmationModel.create(claim));
  }

  /** The winning confirmation of an entry, if any (to finish a confirmation whose mirror write failed). */
  confirmationOf(entryId: string): Promise<HoursConfirmationDoc | null> {
    return HoursConfirmationModel.findOne({ entryId }).lean<HoursConfirmationDoc>().exec();
  }

  /** Totals of confirmed entries per key within a station scope ($match + $group, one sum at a time). */
  totalsInScope(scope: StationScope, match: { month?: string; volunteerId?: string }, key: string): Promise<HoursTotal[]> {
    return totals({ ...match, ...scopeFilter(scope), confirmed: true }, key);
  }

  /** Totals of one volunteer's own confirmed hours per key, across stations. */
  totalsOfSubject(subject: SubjectScope, key: string): Promise<HoursTotal[]> {
    return totals({ volunteerId: subject.subjectId, countyCode: subject.countyCode, confirmed: true }, key);
  }

  /** One volunteer's own entries (confirmed or not), newest first: their hours log. */
  entriesOfSubject(subject: SubjectScope, limit: number): Promise<ServiceHoursDoc[]> {
    return ServiceHoursModel.find({ volunteerId: subject.subjectId, countyCode: subject.countyCode })
      .sort({ date: -1, _id: -1 })
      .limit(limit)
      .lean<ServiceHoursDoc[]>()
      .exec();
  }
}

/** The one way to the service-hours ledger. */
export const serviceHours = new ServiceHoursRepository();

async function totals(match: Record<string, unknown>, key: string): Promise<HoursTotal[]> {
  const sums = await groupSums(ServiceHoursModel, match, key, { hours: '$hours', entries: 1 });
  return [...sums.entries()]
    .map(([k, v]) => ({ key: k, hours: v.hours, entries: v.entries }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// Read-only facts for the station statistics (src/station-stats/).

/** CONFIRMED volunteer service-hour entries of assignments in the given months (only those count in reports). */
export function serviceHoursIn(scope: StationScope, months: string[]): Promise<Array<{ stationCode: string; hours: number }>> {
  return ServiceHoursModel.find(
    { ...scopeFilter(scope), month: trusted({ $in: months }), confirmed: true },
    { stationCode: 1, hours: 1 },
  ).lean<Array<{ stationCode: string; hours: number }>>();
}

/** Exports: one batch (by id, after `afterId`) of service-hour entries of a station scope or of one volunteer's own. */
export function serviceHoursBatch(
  owner: { scope: StationScope } | { subject: SubjectScope },
  months: string[],
  afterId: string | null,
  limit: number,
): Promise<ServiceHoursDoc[]> {
  const filter: Record<string, unknown> = {
    month: trusted({ $in: months }),
    ...('scope' in owner ? scopeFilter(owner.scope) : { countyCode: owner.subject.countyCode, volunteerId: owner.subject.subjectId }),
  };
  if (afterId) filter._id = trusted({ $gt: afterId });
  return ServiceHoursModel.find(filter).sort({ _id: 1 }).limit(limit).lean<ServiceHoursDoc[]>().exec();
}
