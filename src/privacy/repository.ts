import type { StationScope } from '../auth/actor.js';
import type { AssignmentDoc } from '../assignments/model.js';
import { assignments as assignmentRepo } from '../assignments/repository.js';
import type { AuditDoc } from '../audit/model.js';
import { auditLog } from '../audit/repository.js';
import type { HouseholdDoc } from '../households/model.js';
import { households } from '../households/repository.js';
import type { NeedDoc } from '../needs/model.js';
import { needs, needsOfHousehold } from '../needs/repository.js';
import type { ResponseDoc } from '../surveys/model.js';
import { responses } from '../surveys/repository.js';
import { cases, type CaseDoc } from '../cases/repository.js';
import { referrals, type ReferralDoc } from '../referrals/repository.js';
import { visitRecords, visitTasks, type VisitRecordDoc, type VisitTaskDoc } from '../visits/repository.js';
import { groups, type GroupDoc } from '../groups/repository.js';
import { satisfactions, type SatisfactionDoc } from '../satisfaction/repository.js';
import { activities } from '../activities/repository.js';
import { trusted } from '../shared/model.js';
import {
  ANONYMISED,
  RESPONSE_ANONYMISED,
  activityAnonymisation,
  assignmentAnonymisation,
  groupAnonymisation,
  isAnonymisedName,
  satisfactionAnonymisation,
  caseAnonymisation,
  householdAnonymisation,
  needAnonymisation,
  referralAnonymisation,
  visitRecordAnonymisation,
} from './anonymise.js';

/**
 * Data access of the privacy area. Retention and a person's request cut across households, needs,
 * assignments, visits, survey responses and the audit log. Station-owned records go through their
 * areas' repositories: scoped for a person's request, `.unscoped` for the retention job.
 */

/** Need statuses whose records retention may anonymise: the work is over. */
const CLOSED_NEEDS = ['closed', 'cancelled'] as const;
const FINISHED_ASSIGNMENTS = ['completed', 'declined', 'cancelled', 'expired'] as const;

/**
 * A household's part in a group: its own members' names and the sessions they signed in to. The other
 * members are other people: their names are not the household's data.
 */
export interface GroupMembership {
  groupId: string;
  groupName: string;
  status: GroupDoc['status'];
  members: string[];
  sessionsAttended: Array<{ no: number; date: string; content: string; attended: string[] }>;
}

/** Everything held about one household. */
export interface HouseholdRecords {
  household: HouseholdDoc;
  needs: NeedDoc[];
  assignments: AssignmentDoc[];
  cases: CaseDoc[];
  visitTasks: VisitTaskDoc[];
  visitRecords: VisitRecordDoc[];
  surveyResponses: ResponseDoc[];
  referrals: ReferralDoc[];
  groups: GroupMembership[];
  satisfactionAnswers: SatisfactionDoc[];
  auditEntries: AuditDoc[];
}

/** What an anonymisation pass changed, per collection. */
export interface AnonymisedCounts {
  households: number;
  needs: number;
  assignments: number;
  cases: number;
  visitRecords: number;
  surveyResponses: number;
  referrals: number;
  groups: number;
  satisfactionAnswers: number;
  activities: number;
}

export const emptyCounts = (): AnonymisedCounts => ({
  households: 0,
  needs: 0,
  assignments: 0,
  cases: 0,
  visitRecords: 0,
  surveyResponses: 0,
  referrals: 0,
  groups: 0,
  satisfactionAnswers: 0,
  activities: 0,
});

const stationOf = (h: HouseholdDoc): StationScope => ({ kind: 'station', countyCode: h.countyCode, stationCode: h.stationCode });

/** Each record by `_id` (handed to the board's mirror as written). */
async function anonymiseAssignments(list: AssignmentDoc[]): Promise<number> {
  for (const a of list) await assignmentRepo.unscoped.updateById(a._id, { $set: assignmentAnonymisation(a) });
  return list.length;
}

/** The groups one household's members belong to (FerretDB scans for any filter but _id: one read of the station's groups). */
async function groupsOf(scope: StationScope, householdId: string): Promise<GroupDoc[]> {
  return (await groups.findAll(scope, {}, 100_000)).filter((g) => g.members.some((m) => m.householdId === householdId));
}

function membershipOf(g: GroupDoc, householdId: string): GroupMembership {
  const own = new Set(g.members.filter((m) => m.householdId === householdId).map((m) => m.name));
  return {
    groupId: String(g._id),
    groupName: g.name,
    status: g.status,
    members: [...own],
    sessionsAttended: g.sessions
      .map((s) => ({ no: s.no, date: s.date, content: s.content, attended: s.attendance.filter((n) => own.has(n)) }))
      .filter((s) => s.attended.length > 0),
  };
}

/**
 * The satisfaction answers about the household: for its assignments and cases, and those its own members
 * gave about a group.
 */
async function satisfactionOf(
  scope: StationScope,
  subjects: { assignments: AssignmentDoc[]; cases: CaseDoc[]; groups: GroupDoc[] },
  householdId: string,
): Promise<SatisfactionDoc[]> {
  const ids = new Set([...subjects.assignments, ...subjects.cases].map((d) => String(d._id)));
  const groupMembers = new Map(
    subjects.groups.map((g) => [String(g._id), new Set(g.members.filter((m) => m.householdId === householdId).map((m) => m.name))]),
  );
  return (await satisfactions.findAll(scope, {}, 100_000)).filter((s) =>
    s.subject.kind === 'group' ? Boolean(groupMembers.get(s.subject.id)?.has(s.personName)) : ids.has(s.subject.id),
  );
}

/** Records of a job's pass: the first `limit` that still name someone (the marker cannot be queried on every collection). */
const stillNamed = <T>(list: T[], named: (d: T) => boolean, limit: number) => list.filter(named).slice(0, limit);

export const privacyRepository = {
  /** A household of the county, or null. */
  async household(countyCode: string, id: string): Promise<HouseholdDoc | null> {
    return households.tryGet({ kind: 'county', countyCode }, id);
  },

  /** Every record that names or concerns one household, read within the household's station. */
  async recordsOf(household: HouseholdDoc): Promise<HouseholdRecords> {
    const householdId = String(household._id);
    const scope = stationOf(household);
    // Needs and assignments from the board's mirrors; the other areas' records read side by side.
    const needList = await needsOfHousehold(scope, householdId);
    const [assignments, caseList, groupList, visitTaskList, visitRecordList, responseList, referralList] = await Promise.all([
      assignmentRepo.ofNeeds(
        scope,
        needList.map((n) => String(n._id)),
      ),
      cases.findAll(scope, { householdId }),
      groupsOf(scope, householdId),
      visitTasks.findAll(scope, { householdId }),
      visitRecords.findAll(scope, { householdId }),
      responses.findAll(scope, { householdId }),
      referrals.findAll(scope, { householdId }),
    ]);
    return {
      household,
      needs: needList,
      assignments,
      cases: caseList,
      visitTasks: visitTaskList,
      visitRecords: visitRecordList,
      surveyResponses: responseList,
      referrals: referralList,
      groups: groupList.map((g) => membershipOf(g, householdId)),
      satisfactionAnswers: await satisfactionOf(scope, { assignments, cases: caseList, groups: groupList }, householdId),
      auditEntries: (await auditLog.list(household.countyCode, { entity: 'household', entityId: householdId }, 10_000)).reverse(),
    };
  },

  /** Anonymises everything of one household, whatever its age or status (a person's erasure request). */
  async anonymiseHousehold(records: HouseholdRecords, now: Date): Promise<AnonymisedCounts> {
    const scope = stationOf(records.household);
    const counts = emptyCounts();
    await households.update(scope, String(records.household._id), { $set: householdAnonymisation(records.household, now) });
    counts.households = 1;
    for (const n of records.needs) await needs.update(scope, String(n._id), { $set: needAnonymisation(n) });
    counts.needs = records.needs.length;
    counts.assignments = await anonymiseAssignments(records.assignments);
    for (const c of records.cases) await cases.update(scope, String(c._id), { $set: caseAnonymisation(c) });
    counts.cases = records.cases.length;
    for (const v of records.visitRecords) await visitRecords.update(scope, String(v._id), { $set: visitRecordAnonymisation(v) });
    counts.visitRecords = records.visitRecords.length;
    for (const r of records.surveyResponses) {
      await responses.update(scope, String(r._id), { $set: { answers: RESPONSE_ANONYMISED, contentKey: `anon:${String(r._id)}` } });
    }
    counts.surveyResponses = records.surveyResponses.length;
    for (const r of records.referrals) await referrals.update(scope, String(r._id), { $set: referralAnonymisation(r) });
    counts.referrals = records.referrals.length;
    // Answers first: which group answers are the household's is known by its members' names, which the groups then lose.
    for (const s of records.satisfactionAnswers) await satisfactions.update(scope, String(s._id), { $set: satisfactionAnonymisation(s) });
    counts.satisfactionAnswers = records.satisfactionAnswers.length;
    const householdId = String(records.household._id);
    for (const m of records.groups) {
      const group = await groups.get(scope, m.groupId);
      await groups.update(scope, m.groupId, { $set: groupAnonymisation(group, householdId) });
    }
    counts.groups = records.groups.length;
    return counts;
  },

  /**
   * Retention, across the database (the job's unscoped access): closed needs and finished assignments,
   * closed cases, visit records, survey responses, closed referrals, closed groups, satisfaction answers, past
   * activities and archived households whose last change is older than `cutoff`.
   * At most `limit` of each per pass; anonymised records carry the marker and are not read again.
   */
  async expiredAnonymise(cutoff: Date, now: Date, limit: number): Promise<AnonymisedCounts> {
    const counts = emptyCounts();
    const before = trusted({ $lt: cutoff });
    const oldNeeds = await needs.unscoped.find(
      { status: trusted({ $in: [...CLOSED_NEEDS] }), updatedAt: before, title: trusted({ $ne: ANONYMISED }) },
      { limit },
    );
    for (const n of oldNeeds) counts.needs += await needs.unscoped.updateById(n._id, { $set: needAnonymisation(n) });
    const oldAssignments = await assignmentRepo.unscoped.find(
      { status: trusted({ $in: [...FINISHED_ASSIGNMENTS] }), updatedAt: before, feedback: trusted({ $ne: ANONYMISED }) },
      { limit },
    );
    counts.assignments = await anonymiseAssignments(oldAssignments);
    const closedCases = await cases.unscoped.find(
      { status: 'closed', closedAt: before, personName: trusted({ $ne: ANONYMISED }) },
      { limit },
    );
    for (const c of closedCases) counts.cases += await cases.unscoped.updateById(c._id, { $set: caseAnonymisation(c) });
    const oldVisits = await visitRecords.unscoped.find({ visitedAt: before, note: trusted({ $ne: ANONYMISED }) }, { limit });
    for (const v of oldVisits) counts.visitRecords += await visitRecords.unscoped.updateById(v._id, { $set: visitRecordAnonymisation(v) });
    const oldResponses = await responses.unscoped.find({ createdAt: before, 'answers.anonymised': trusted({ $ne: true }) }, { limit });
    for (const r of oldResponses) {
      counts.surveyResponses += await responses.unscoped.updateById(r._id, {
        $set: { answers: RESPONSE_ANONYMISED, contentKey: `anon:${String(r._id)}` },
      });
    }
    // A referral whose loop closed (answered, refused or never answered) long ago.
    const oldReferrals = await referrals.unscoped.find(
      { status: trusted({ $ne: 'sent' as const }), updatedAt: before, request: trusted({ $ne: ANONYMISED }) },
      { limit },
    );
    for (const r of oldReferrals) counts.referrals += await referrals.unscoped.updateById(r._id, { $set: referralAnonymisation(r) });
    // Closed groups: every member's name, in the list and the sign-ins.
    const closedGroups = stillNamed(
      await groups.unscoped.find({ status: 'closed', updatedAt: before }),
      (g) => g.members.some((m) => !isAnonymisedName(m.name)),
      limit,
    );
    for (const g of closedGroups) counts.groups += await groups.unscoped.updateById(g._id, { $set: groupAnonymisation(g) });
    const oldAnswers = stillNamed(await satisfactions.unscoped.find({ at: before }), (s) => !s.key.startsWith('anon:'), limit);
    for (const s of oldAnswers)
      counts.satisfactionAnswers += await satisfactions.unscoped.updateById(s._id, { $set: satisfactionAnonymisation(s) });
    // An activity long over (held or cancelled: a planned one is not over).
    const oldActivities = stillNamed(
      await activities.unscoped.find({ status: trusted({ $ne: 'planned' as const }), updatedAt: before }),
      (a) => a.signIns.some((n) => !isAnonymisedName(n)) || (a.note !== '' && a.note !== ANONYMISED),
      limit,
    );
    for (const a of oldActivities) counts.activities += await activities.unscoped.updateById(a._id, { $set: activityAnonymisation(a) });
    const archived = await households.unscoped.find({ archivedAt: before, headName: trusted({ $ne: ANONYMISED }) }, { limit });
    for (const h of archived) counts.households += await households.unscoped.updateById(h._id, { $set: householdAnonymisation(h, now) });
    return counts;
  },

  /** Deletes audit entries past their own retention period. */
  async purgeAuditBefore(cutoff: Date): Promise<number> {
    return auditLog.unscoped.purgeBefore(cutoff);
  },
};
