/**
 * The station statistics, computed in ONE place: every report, export and evaluation reads these
 * numbers from here. Definitions (per station, for a period of whole months in China time):
 *
 * - 服务对象人次 servicePersonTimes: visit records + case interventions + group sign-ins + activity
 *   participants + completed assignments, in the period.
 * - 服务对象人数 servicePeople: distinct beneficiaries reached in the period — households (visits, cases
 *   with an intervention, completed assignments, referrals sent) plus group members and activity
 *   sign-ins who belong to no recorded household, counted by name.
 * - 入户走访户次 homeVisits: visit records made in person (入户); visits: all visit records.
 * - 探访率 per household: key-target visit tasks done / tasks owed, summed over the period's months;
 *   per person: the same weighted by the key-target people of each household.
 * - 个案数: casesOpened / casesClosed in the period, casesActive = open at the end of the period;
 *   个案服务人次 caseServiceTimes: interventions dated in the period.
 * - 小组数 groups (with a session in the period), 场次 groupSessions, 人次 groupAttendance.
 * - 社区活动场次 activities (held, dated in the period), 人次 activityParticipants.
 * - 转介件数 referrals sent in the period, by their current outcome.
 * - 志愿服务人次/时长: assignment service-hour entries + confirmed activity volunteer entries.
 * - 满意率: (满意 + 基本满意) / answers recorded in the period.
 * - today's matching: needs open now; needs created/matched/fulfilled in the period, match rate and
 *   median hours from a need to its first assignment.
 */
import type { StationScope } from '../auth/actor.js';
import { activities, type ActivityDoc } from '../activities/repository.js';
import { cases, type CaseDoc } from '../cases/repository.js';
import { groups, type GroupDoc } from '../groups/repository.js';
import { referrals, type ReferralDoc } from '../referrals/repository.js';
import { satisfactions, type SatisfactionDoc } from '../satisfaction/repository.js';
import { trusted } from '../shared/model.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { listStations } from '../stations/service.js';
import { visitRecords, visitTasks, type VisitRecordDoc, type VisitTaskDoc } from '../visits/repository.js';
import type { Period } from './period.js';
import {
  assignmentsCompletedBetween,
  firstAssignments,
  householdsOfNeeds,
  needsCreatedBetween,
  openNeedsNow,
  serviceHoursIn,
} from './repositories/sources.js';

export interface StationStats {
  stationCode: string;
  stationName: string;
  servicePeople: number;
  servicePersonTimes: number;
  visits: number;
  homeVisits: number;
  keyTargetHouseholds: number;
  keyTargetHouseholdsVisited: number;
  householdVisitRate: number | null;
  keyTargetPeople: number;
  keyTargetPeopleVisited: number;
  personVisitRate: number | null;
  casesOpened: number;
  casesClosed: number;
  casesActive: number;
  caseServiceTimes: number;
  groups: number;
  groupSessions: number;
  groupAttendance: number;
  activities: number;
  activityParticipants: number;
  referrals: number;
  referralOutcomes: { sent: number; accepted: number; resolved: number; refused: number; no_answer: number };
  volunteerServiceTimes: number;
  volunteerHours: number;
  satisfactionAnswers: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  satisfactionRate: number | null;
  openNeeds: number;
  needsCreated: number;
  needsMatched: number;
  matchRate: number | null;
  medianHoursToMatch: number | null;
  needsFulfilled: number;
  fulfilmentRate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const inDays = (d: string, p: Period) => d >= p.firstDay && d <= p.lastDay;
const inPeriod = (d: Date | null | undefined, p: Period) => Boolean(d) && new Date(d!) >= p.from && new Date(d!) < p.to;

/** Everything the statistics read for a scope and period, fetched once. */
async function gather(scope: StationScope, p: Period) {
  const f = <T>(x: Record<string, unknown>) => x as ScopedFilter<T>;
  const [tasks, records, caseDocs, groupDocs, activityDocs, referralDocs, answers] = await Promise.all([
    visitTasks.findAll(scope, f<VisitTaskDoc>({ month: trusted({ $in: p.months }) }), 100_000),
    visitRecords.findAll(scope, f<VisitRecordDoc>({ month: trusted({ $in: p.months }) }), 100_000),
    cases.findAll(scope, f<CaseDoc>({ openedAt: trusted({ $lt: p.to }) }), 100_000),
    groups.findAll(scope, f<GroupDoc>({}), 100_000),
    activities.findAll(scope, f<ActivityDoc>({ month: trusted({ $in: p.months }), status: 'held' }), 100_000),
    referrals.findAll(scope, f<ReferralDoc>({ sentAt: trusted({ $gte: p.from, $lt: p.to }) }), 100_000),
    satisfactions.findAll(scope, f<SatisfactionDoc>({ at: trusted({ $gte: p.from, $lt: p.to }) }), 100_000),
  ]);
  const created = await needsCreatedBetween(scope, p.from, p.to);
  const first = await firstAssignments(created.map((n) => String(n._id)));
  const completed = await assignmentsCompletedBetween(scope, p.from, p.to);
  const needHouseholds = await householdsOfNeeds([...new Set(completed.map((a) => a.needId))]);
  const hours = await serviceHoursIn(scope, p.months);
  const open = await openNeedsNow(scope);
  return {
    tasks,
    records,
    caseDocs,
    groupDocs,
    activityDocs,
    referralDocs,
    answers,
    created,
    first,
    completed,
    needHouseholds,
    hours,
    open,
  };
}

type Gathered = Awaited<ReturnType<typeof gather>>;

function statsOf(code: string, name: string, g: Gathered, p: Period): StationStats {
  const pick = <T extends { stationCode: string }>(rows: T[]) => rows.filter((r) => r.stationCode === code);
  const tasks = pick(g.tasks);
  const records = pick(g.records);
  const caseDocs = pick(g.caseDocs);
  const groupDocs = pick(g.groupDocs);
  const activityDocs = pick(g.activityDocs);
  const referralDocs = pick(g.referralDocs);
  const answers = pick(g.answers);
  const completed = pick(g.completed);
  const created = pick(g.created);
  const hours = pick(g.hours);

  const people = new Set<string>();
  const household = (id: string | null | undefined) => id && people.add(`h:${id}`);

  // Visits.
  records.forEach((r) => household(r.householdId));
  const done = tasks.filter((t) => t.status === 'done');
  const keyPeople = tasks.reduce((n, t) => n + (t.people ?? 1), 0);
  const keyPeopleVisited = done.reduce((n, t) => n + (t.people ?? 1), 0);

  // Cases.
  let caseServiceTimes = 0;
  for (const c of caseDocs) {
    const within = (c.interventions ?? []).filter((i) => inDays(i.date, p));
    caseServiceTimes += within.length;
    if (within.length) household(c.householdId);
  }

  // Groups: sessions dated in the period.
  let groupCount = 0;
  let groupSessions = 0;
  let groupAttendance = 0;
  for (const gr of groupDocs) {
    const sessions = gr.sessions.filter((s) => inDays(s.date, p));
    if (sessions.length) groupCount++;
    groupSessions += sessions.length;
    const members = new Map(gr.members.map((m) => [m.name, m.householdId]));
    for (const s of sessions) {
      groupAttendance += s.attendance.length;
      for (const n of s.attendance) {
        const h = members.get(n);
        if (h) household(h);
        else people.add(`n:${n}`);
      }
    }
  }

  // Activities.
  const activityParticipants = activityDocs.reduce((n, a) => n + a.participants, 0);
  activityDocs.forEach((a) => a.signIns.forEach((n) => people.add(`n:${n}`)));
  const activityVolunteers = activityDocs.flatMap((a) => a.volunteers.filter((v) => v.confirmedAt));

  // Referrals and completed assignments.
  referralDocs.forEach((r) => household(r.householdId));
  completed.forEach((a) => household(g.needHouseholds.get(a.needId)));
  const outcomes = { sent: 0, accepted: 0, resolved: 0, refused: 0, no_answer: 0 };
  for (const r of referralDocs) outcomes[r.status]++;

  // Satisfaction.
  const satisfied = answers.filter((a) => a.level === 'satisfied').length;
  const basic = answers.filter((a) => a.level === 'basic').length;

  // Matching.
  const matched = created.filter((n) => g.first.has(String(n._id)));
  const fulfilled = matched.filter((n) => n.status === 'fulfilled' || n.status === 'closed');
  const waits = matched.map((n) => (g.first.get(String(n._id))!.getTime() - new Date(n.createdAt).getTime()) / 3_600_000);

  return {
    stationCode: code,
    stationName: name,
    servicePeople: people.size,
    servicePersonTimes: records.length + caseServiceTimes + groupAttendance + activityParticipants + completed.length,
    visits: records.length,
    homeVisits: records.filter((r) => r.mode === 'home').length,
    keyTargetHouseholds: tasks.length,
    keyTargetHouseholdsVisited: done.length,
    householdVisitRate: ratio(done.length, tasks.length),
    keyTargetPeople: keyPeople,
    keyTargetPeopleVisited: keyPeopleVisited,
    personVisitRate: ratio(keyPeopleVisited, keyPeople),
    casesOpened: caseDocs.filter((c) => inPeriod(c.openedAt, p)).length,
    casesClosed: caseDocs.filter((c) => inPeriod(c.closedAt, p)).length,
    casesActive: caseDocs.filter((c) => !c.closedAt || new Date(c.closedAt) >= p.to).length,
    caseServiceTimes,
    groups: groupCount,
    groupSessions,
    groupAttendance,
    activities: activityDocs.length,
    activityParticipants,
    referrals: referralDocs.length,
    referralOutcomes: outcomes,
    volunteerServiceTimes: hours.length + activityVolunteers.length,
    volunteerHours: Math.round((hours.reduce((n, h) => n + h.hours, 0) + activityVolunteers.reduce((n, v) => n + v.hours, 0)) * 100) / 100,
    satisfactionAnswers: answers.length,
    satisfied,
    basicallySatisfied: basic,
    dissatisfied: answers.length - satisfied - basic,
    satisfactionRate: ratio(satisfied + basic, answers.length),
    openNeeds: g.open.get(code) ?? 0,
    needsCreated: created.length,
    needsMatched: matched.length,
    matchRate: ratio(matched.length, created.length),
    medianHoursToMatch: median(waits),
    needsFulfilled: fulfilled.length,
    fulfilmentRate: ratio(fulfilled.length, matched.length),
  };
}

const COUNTS = [
  'servicePersonTimes',
  'visits',
  'homeVisits',
  'keyTargetHouseholds',
  'keyTargetHouseholdsVisited',
  'keyTargetPeople',
  'keyTargetPeopleVisited',
  'casesOpened',
  'casesClosed',
  'casesActive',
  'caseServiceTimes',
  'groups',
  'groupSessions',
  'groupAttendance',
  'activities',
  'activityParticipants',
  'referrals',
  'volunteerServiceTimes',
  'volunteerHours',
  'satisfactionAnswers',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'openNeeds',
  'needsCreated',
  'needsMatched',
  'needsFulfilled',
  'servicePeople',
] as const satisfies ReadonlyArray<keyof StationStats>;
type Counted = (typeof COUNTS)[number];

/** County totals: counts summed, rates recomputed from the sums (service people summed: stations serve different people). */
export function countyTotal(rows: StationStats[], countyCode: string): StationStats {
  const sums = Object.fromEntries(COUNTS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)])) as Record<Counted, number>;
  const t: StationStats = { ...rows[0]!, ...sums, stationCode: countyCode, stationName: '全县合计' };
  t.volunteerHours = Math.round(t.volunteerHours * 100) / 100;
  t.referralOutcomes = { sent: 0, accepted: 0, resolved: 0, refused: 0, no_answer: 0 };
  for (const r of rows)
    for (const k of Object.keys(t.referralOutcomes) as Array<keyof StationStats['referralOutcomes']>)
      t.referralOutcomes[k] += r.referralOutcomes[k];
  t.householdVisitRate = ratio(t.keyTargetHouseholdsVisited, t.keyTargetHouseholds);
  t.personVisitRate = ratio(t.keyTargetPeopleVisited, t.keyTargetPeople);
  t.satisfactionRate = ratio(t.satisfied + t.basicallySatisfied, t.satisfactionAnswers);
  t.matchRate = ratio(t.needsMatched, t.needsCreated);
  t.fulfilmentRate = ratio(t.needsFulfilled, t.needsMatched);
  t.medianHoursToMatch = null;
  return t;
}

/** Statistics of every open station in scope for a period, and the county total. */
export async function computeStationStats(
  scope: StationScope,
  p: Period,
): Promise<{ stations: StationStats[]; county: StationStats | null }> {
  const stations = await listStations(scope, { openOnly: scope.kind === 'county' });
  const g = await gather(scope, p);
  const rows = stations.map((s) => statsOf(s.code, s.name, g, p));
  return { stations: rows, county: scope.kind === 'county' && rows.length ? countyTotal(rows, scope.countyCode) : null };
}
