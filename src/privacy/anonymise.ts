import type { ReferralDoc } from '../referrals/repository.js';
import type { AssignmentDoc } from '../assignments/model.js';
import type { CaseDoc } from '../cases/repository.js';
import type { VisitRecordDoc } from '../visits/repository.js';
import type { ActivityDoc } from '../activities/repository.js';
import type { GroupDoc } from '../groups/repository.js';
import type { SatisfactionDoc } from '../satisfaction/repository.js';
import type { HouseholdDoc, MemberDoc } from '../households/model.js';
import type { NeedDoc } from '../needs/model.js';
import type { Location } from '../shared/geo.js';

/**
 * What anonymisation replaces and what it keeps (PIPL: personal information is kept no longer than
 * needed; statistics need none of it). Replaced: names, phones, ID numbers, addresses, health notes,
 * free text, exact locations, consent signatures. Kept: category, groups, urgency, status, station,
 * community, dates and counts, so reports over past years still add up. Pure functions: each returns
 * the `$set` of one record.
 */

/** The text that stands where personal text was; also the marker that a record is anonymised. */
export const ANONYMISED = '已匿名';

/** ~1 km: enough for "which part of the township", not for a door. */
export function coarseLocation(location: Location | null | undefined): Location | null {
  if (!location || typeof location.lat !== 'number' || typeof location.lng !== 'number') return null;
  return { lat: Math.round(location.lat * 100) / 100, lng: Math.round(location.lng * 100) / 100 };
}

/** A member keeps relation, gender, birth decade and groups (what counts people by age and group). */
export function anonymiseMember(m: MemberDoc): MemberDoc {
  return {
    name: ANONYMISED,
    relation: m.relation,
    ...(m.gender ? { gender: m.gender } : {}),
    ...(typeof m.birthYear === 'number' ? { birthYear: Math.floor(m.birthYear / 10) * 10 } : {}),
    ...(m.disability ? { disability: { kind: m.disability.kind, ...(m.disability.grade ? { grade: m.disability.grade } : {}) } } : {}),
    groups: m.groups ?? [],
  };
}

export function householdAnonymisation(h: HouseholdDoc, now: Date): Partial<HouseholdDoc> {
  const key = `anon:${String(h._id)}`;
  return {
    headName: ANONYMISED,
    nameKey: key,
    phone: null,
    address: ANONYMISED,
    addressKey: key,
    members: (h.members ?? []).map(anonymiseMember),
    location: coarseLocation(h.location),
    consent: h.consent
      ? { given: h.consent.given, ...(h.consent.at ? { at: h.consent.at } : {}), withdrawnAt: h.consent.withdrawnAt ?? null }
      : null,
    notes: null,
    // Content keys are digests of the rows that named the person.
    sourceKeys: [],
    archivedAt: h.archivedAt ?? now,
  };
}

export function needAnonymisation(n: NeedDoc): Partial<NeedDoc> {
  return {
    title: ANONYMISED,
    description: '',
    location: coarseLocation(n.location) ?? { lat: 0, lng: 0 },
    history: (n.history ?? []).map((h) => ({ ...h, note: null })),
  };
}

export function assignmentAnonymisation(a: AssignmentDoc): Partial<AssignmentDoc> {
  return {
    feedback: ANONYMISED,
    ...(a.declineReason ? { declineReason: ANONYMISED } : {}),
    ...(a.cancelReason ? { cancelReason: ANONYMISED } : {}),
    history: (a.history ?? []).map(({ note: _note, ...h }) => h),
  };
}

/** A case keeps its status, dates, risk level, goal outcomes, closure reason and intervention minutes; every free text goes. */
export function caseAnonymisation(c: CaseDoc): Partial<CaseDoc> {
  return {
    personName: ANONYMISED,
    summary: '',
    assessment: c.assessment ? { ...c.assessment, problems: ANONYMISED, strengths: ANONYMISED } : null,
    plan: c.plan ? { ...c.plan, goals: c.plan.goals.map((g) => ({ text: ANONYMISED, achieved: g.achieved, note: '' })) } : null,
    interventions: (c.interventions ?? []).map((i) => ({ ...i, content: ANONYMISED })),
    reviews: (c.reviews ?? []).map((r) => ({ ...r, note: ANONYMISED })),
    // The closure reason is a fixed list (目标达成, 转介…): a statistic, kept.
    closure: c.closure ? { ...c.closure, outcome: ANONYMISED } : null,
  };
}

/** A visit record keeps its date, mode, visitor and findings (the monthly rate and risk counts); note, photos and exact place go. */
export function visitRecordAnonymisation(v: VisitRecordDoc): Partial<VisitRecordDoc> {
  return { note: ANONYMISED, photos: [], location: coarseLocation(v.location) };
}

/** Survey answers are the questionnaire as taken: all of it personal. */
export const RESPONSE_ANONYMISED = { anonymised: true } as const;

/** A referral keeps its target, dates and status (the closed-loop rate); what was asked and answered goes. */
export function referralAnonymisation(r: ReferralDoc): Partial<ReferralDoc> {
  return { request: ANONYMISED, answer: r.answer ? ANONYMISED : '', history: r.history.map((h) => ({ ...h, note: '' })) };
}

/**
 * The name that stands for one anonymised person on a record that lists several (group members, activity
 * sign-ins): distinct per record and position, so counts of people (人次, distinct persons) still add up.
 */
export const anonymisedName = (recordId: unknown, position: number) => `${ANONYMISED}${String(recordId).slice(-4)}-${position + 1}`;
export const isAnonymisedName = (name: string) => name.startsWith(ANONYMISED);

/**
 * A group's members (all of them, or only those of one household on an erasure request) lose their
 * names, in the member list and in every session's attendance; the number of members and of sign-ins stays.
 */
export function groupAnonymisation(g: GroupDoc, householdId?: string): Pick<GroupDoc, 'members' | 'sessions'> {
  const renamed = new Map<string, string>();
  const members = g.members.map((m, i) => {
    if (householdId !== undefined && m.householdId !== householdId) return m;
    const name = isAnonymisedName(m.name) ? m.name : anonymisedName(g._id, i);
    renamed.set(m.name, name);
    return { ...m, name };
  });
  const sessions = g.sessions.map((s) => ({ ...s, attendance: s.attendance.map((n) => renamed.get(n) ?? n) }));
  return { members, sessions };
}

/** A satisfaction answer keeps its subject, level, method and date; who answered and what they said go (the key named them). */
export function satisfactionAnonymisation(s: SatisfactionDoc): Pick<SatisfactionDoc, 'personName' | 'note' | 'key'> {
  return { personName: s.personName ? ANONYMISED : '', note: '', key: `anon:${String(s._id)}` };
}

/** An activity keeps its date, kind, place, counts and volunteers' hours; the sign-in names and the free note go. */
export function activityAnonymisation(a: ActivityDoc): Pick<ActivityDoc, 'signIns' | 'note'> {
  return { signIns: a.signIns.map((n, i) => (isAnonymisedName(n) ? n : anonymisedName(a._id, i))), note: a.note ? ANONYMISED : '' };
}
