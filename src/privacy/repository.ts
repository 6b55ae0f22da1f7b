import { AssignmentModel, type AssignmentDoc } from '../assignments/model.js';
import { AuditModel, type AuditDoc } from '../audit/model.js';
import { auditLog } from '../audit/repository.js';
import { HouseholdModel, type HouseholdDoc } from '../households/model.js';
import { NeedModel, type NeedDoc } from '../needs/model.js';
import { ResponseModel, type ResponseDoc } from '../surveys/model.js';
import { VisitTaskModel, type VisitTaskDoc } from '../visits/model.js';
import { isObjectId, trusted } from '../shared/model.js';
import { ANONYMISED, RESPONSE_ANONYMISED, assignmentAnonymisation, householdAnonymisation, needAnonymisation } from './anonymise.js';

/**
 * Data access of the privacy area. It reads and rewrites other areas' records (households, needs,
 * assignments, visits, survey responses, the audit log) because retention and a person's request cut
 * across all of them; no exported repository function covers these yet. The integrator may move each
 * method beside its model. Every method is either county-scoped (a person's request) or named
 * `expired*` / `purge*` (the retention job, across the whole database).
 */

/** Need statuses whose records retention may anonymise: the work is over. */
const CLOSED_NEEDS = ['closed', 'cancelled'] as const;
const FINISHED_ASSIGNMENTS = ['completed', 'declined', 'cancelled', 'expired'] as const;

/** Everything held about one household. */
export interface HouseholdRecords {
  household: HouseholdDoc;
  needs: NeedDoc[];
  assignments: AssignmentDoc[];
  visitTasks: VisitTaskDoc[];
  surveyResponses: ResponseDoc[];
  auditEntries: AuditDoc[];
}

/** What an anonymisation pass changed, per collection. */
export interface AnonymisedCounts {
  households: number;
  needs: number;
  assignments: number;
  visitTasks: number;
  surveyResponses: number;
}

export const emptyCounts = (): AnonymisedCounts => ({ households: 0, needs: 0, assignments: 0, visitTasks: 0, surveyResponses: 0 });

async function anonymiseNeeds(needs: NeedDoc[]): Promise<number> {
  let n = 0;
  for (const need of needs) {
    await NeedModel.updateOne({ _id: need._id }, { $set: needAnonymisation(need) });
    n++;
  }
  return n;
}

async function anonymiseAssignments(assignments: AssignmentDoc[]): Promise<number> {
  let n = 0;
  for (const a of assignments) {
    await AssignmentModel.updateOne({ _id: a._id }, { $set: assignmentAnonymisation(a) });
    n++;
  }
  return n;
}

export const privacyRepository = {
  /** A household of the county, or null. */
  async household(countyCode: string, id: string): Promise<HouseholdDoc | null> {
    if (!isObjectId(id)) return null;
    return HouseholdModel.findOne({ _id: id, countyCode }).lean<HouseholdDoc>();
  },

  /** Every record that names or concerns one household (the household must be of the county). */
  async recordsOf(household: HouseholdDoc): Promise<HouseholdRecords> {
    const householdId = String(household._id);
    const scope = { countyCode: household.countyCode, stationCode: household.stationCode };
    const needs = await NeedModel.find({ ...scope, householdId })
      .sort({ _id: 1 })
      .lean<NeedDoc[]>();
    const needIds = needs.map((n) => String(n._id));
    const assignments = needIds.length
      ? await AssignmentModel.find({ ...scope, needId: trusted({ $in: needIds }) })
          .sort({ _id: 1 })
          .lean<AssignmentDoc[]>()
      : [];
    const visitTasks = await VisitTaskModel.find({ ...scope, householdId })
      .sort({ _id: 1 })
      .lean<VisitTaskDoc[]>();
    const surveyResponses = await ResponseModel.find({ ...scope, householdId })
      .sort({ _id: 1 })
      .lean<ResponseDoc[]>();
    const auditEntries = (await auditLog.list(household.countyCode, { entity: 'household', entityId: householdId }, 10_000)).reverse();
    return { household, needs, assignments, visitTasks, surveyResponses, auditEntries };
  },

  /** Anonymises everything of one household, whatever its age or status (a person's erasure request). */
  async anonymiseHousehold(records: HouseholdRecords, now: Date): Promise<AnonymisedCounts> {
    const counts = emptyCounts();
    await HouseholdModel.updateOne({ _id: records.household._id }, { $set: householdAnonymisation(records.household, now) });
    counts.households = 1;
    counts.needs = await anonymiseNeeds(records.needs);
    counts.assignments = await anonymiseAssignments(records.assignments);
    for (const v of records.visitTasks) {
      await VisitTaskModel.updateOne({ _id: v._id }, { $set: { note: null } });
      counts.visitTasks++;
    }
    for (const r of records.surveyResponses) {
      await ResponseModel.updateOne({ _id: r._id }, { $set: { answers: RESPONSE_ANONYMISED, contentKey: `anon:${String(r._id)}` } });
      counts.surveyResponses++;
    }
    return counts;
  },

  /**
   * Retention, across the database: closed needs (and their assignments), finished visits, survey
   * responses and archived households whose last change is older than `cutoff`. At most `limit` of each
   * per pass; records already anonymised carry the marker and are not read again.
   */
  async expiredAnonymise(cutoff: Date, now: Date, limit: number): Promise<AnonymisedCounts> {
    const counts = emptyCounts();
    const before = trusted({ $lt: cutoff });
    const needs = await NeedModel.find({
      status: trusted({ $in: [...CLOSED_NEEDS] }),
      updatedAt: before,
      title: trusted({ $ne: ANONYMISED }),
    })
      .limit(limit)
      .lean<NeedDoc[]>();
    counts.needs = await anonymiseNeeds(needs);
    const assignments = await AssignmentModel.find({
      status: trusted({ $in: [...FINISHED_ASSIGNMENTS] }),
      updatedAt: before,
      feedback: trusted({ $ne: ANONYMISED }),
    })
      .limit(limit)
      .lean<AssignmentDoc[]>();
    counts.assignments = await anonymiseAssignments(assignments);
    counts.visitTasks = (
      await VisitTaskModel.updateMany(
        { status: 'done', updatedAt: before, note: trusted({ $nin: [null, ANONYMISED] }) },
        { $set: { note: null } },
      )
    ).modifiedCount;
    const responses = await ResponseModel.find({ createdAt: before, 'answers.anonymised': trusted({ $ne: true }) })
      .limit(limit)
      .lean<ResponseDoc[]>();
    for (const r of responses) {
      await ResponseModel.updateOne({ _id: r._id }, { $set: { answers: RESPONSE_ANONYMISED, contentKey: `anon:${String(r._id)}` } });
      counts.surveyResponses++;
    }
    const households = await HouseholdModel.find({ archivedAt: before, headName: trusted({ $ne: ANONYMISED }) })
      .limit(limit)
      .lean<HouseholdDoc[]>();
    for (const h of households) {
      await HouseholdModel.updateOne({ _id: h._id }, { $set: householdAnonymisation(h, now) });
      counts.households++;
    }
    return counts;
  },

  /** Deletes audit entries past their own retention period (the audit repository has no delete yet: move it there). */
  async purgeAuditBefore(cutoff: Date): Promise<number> {
    const res = await AuditModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
    return res.deletedCount;
  },
};
