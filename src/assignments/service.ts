import { Types } from 'mongoose';
import { scopeFilter, type Actor, type StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import { getNeed, transitionNeed } from '../needs/service.js';
import { dayOf } from '../shared/china-time.js';
import { isObjectId, trusted } from '../shared/model.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import { recordServiceHours } from '../volunteers/hours.js';
import { releaseCapacity, takeCapacity } from './capacity.js';
import { ASSIGNMENT_STATUS_LABELS, ASSIGNMENT_TRANSITIONS } from './lifecycle.js';
import { AssignmentModel, type AssignmentDoc, type AssignmentStatus, type CandidateKind } from './model.js';

/** Hours after which an unanswered assignment is reminded, then escalated (station settings may change them later). */
export const RESPONSE_WINDOWS = { remindAfterHours: 4, escalateAfterHours: 24 };

type NextProposer = (props: { scope: StationScope; needId: string; actor: Actor; reason: string }) => Promise<void>;
let proposeNext: NextProposer | undefined;

/** The matching module registers how to propose the next-best candidate after a decline or timeout. */
export function registerNextProposer(fn: NextProposer): void {
  proposeNext = fn;
}

/** The scope of the station an assignment belongs to: for acting on its need on the station's behalf. */
export function stationScopeOf(a: Pick<AssignmentDoc, 'countyCode' | 'stationCode'>): StationScope {
  return { kind: 'station', countyCode: a.countyCode, stationCode: a.stationCode };
}

/** Rooms an assignment's events go to: the station and whoever answers for the candidate. */
function audienceOf(a: AssignmentDoc) {
  const kind = a.candidate.kind;
  return {
    stationCodes: [a.stationCode],
    ...(kind === 'volunteer' ? { volunteerIds: [a.responderId] } : {}),
    ...(kind === 'organisation' ? { organisationIds: [a.responderId] } : {}),
    ...(kind === 'resource' ? { charityIds: [a.responderId] } : {}),
  };
}

/** Event payload: no beneficiary data, ever. */
export function assignmentSummary(a: AssignmentDoc) {
  return {
    assignmentId: String(a._id),
    needId: a.needId,
    needCategory: a.needCategory ?? null,
    stationCode: a.stationCode,
    communityCode: a.communityCode,
    candidate: a.candidate,
    status: a.status,
  };
}

async function announce(type: Parameters<typeof publish>[0]['type'], a: AssignmentDoc, extra: Record<string, unknown> = {}) {
  await publish({ type, countyCode: a.countyCode, audience: audienceOf(a), payload: { ...assignmentSummary(a), ...extra } });
}

/**
 * Assigns a need to a candidate. The need moves to "assigned" with one conditional write (so one
 * need is never assigned twice at once), then the candidate's capacity is taken atomically; if that
 * fails the need goes back. Pending until the volunteer or organisation answers; resources are
 * allocated at once.
 */
export async function assignCandidate(props: {
  actor: Actor;
  scope: StationScope;
  needId: string;
  candidate: { kind: CandidateKind; id: string };
  amount?: number;
  score?: number;
  reasons?: Array<{ rule: string; text: string }>;
  approxDistanceKm?: number;
  now?: Date;
}): Promise<AssignmentDoc> {
  const now = props.now ?? new Date();
  const need = await getNeed(props.scope, props.needId);
  const previous: NeedStatus = need.status;
  if (previous !== 'open' && previous !== 'matching') {
    throw conflict('该需求已指派或已结束，不能重复指派', { status: previous });
  }
  const scope = stationScopeOf(need);
  await transitionNeed({ scope, actor: props.actor, id: props.needId, to: 'assigned', note: '指派' });
  const assignmentId = new Types.ObjectId();
  let taken;
  try {
    taken = await takeCapacity({
      kind: props.candidate.kind,
      id: props.candidate.id,
      countyCode: need.countyCode,
      stationCode: need.stationCode,
      needId: props.needId,
      needCategory: need.category ?? 'other',
      amount: props.amount ?? need.quantity?.amount,
      now,
      by: props.actor.userId,
      holder: String(assignmentId),
    });
  } catch (err) {
    await transitionNeed({ scope, actor: props.actor, id: props.needId, to: previous, note: '指派失败，退回' }).catch(() => undefined);
    throw err;
  }
  const status: AssignmentStatus = props.candidate.kind === 'resource' ? 'accepted' : 'pending';
  const [created] = await AssignmentModel.insertMany([
    {
      _id: assignmentId,
      countyCode: need.countyCode,
      stationCode: need.stationCode,
      needId: props.needId,
      needCategory: need.category ?? undefined,
      communityCode: need.communityCode,
      candidate: { kind: props.candidate.kind, id: props.candidate.id, name: taken.name },
      responderId: taken.responderId,
      status,
      score: props.score,
      reasons: props.reasons,
      quantity: taken.quantity,
      capacityMonth: taken.capacityMonth,
      approxDistanceKm: props.approxDistanceKm,
      ...(status === 'pending'
        ? {
            remindAt: new Date(now.getTime() + RESPONSE_WINDOWS.remindAfterHours * 3_600_000),
            escalateAt: new Date(now.getTime() + RESPONSE_WINDOWS.escalateAfterHours * 3_600_000),
          }
        : {}),
      history: [{ at: now, by: props.actor.userId, from: null, to: status }],
      createdBy: props.actor.userId,
    },
  ]);
  const assignment = (created as unknown as { toObject(): AssignmentDoc }).toObject();
  await announce('assignment.created', assignment);
  return assignment;
}

/**
 * Moves an assignment to `to`, or answers 409 listing the allowed moves. Of two racing moves exactly
 * one wins: each writer claims the next revision first (an atomic insert, also on FerretDB).
 */
async function move(
  a: AssignmentDoc,
  to: AssignmentStatus,
  actor: Actor,
  set: Record<string, unknown> = {},
  note?: string,
): Promise<AssignmentDoc> {
  const refuse = (current: AssignmentStatus) =>
    conflict(`任务当前为“${ASSIGNMENT_STATUS_LABELS[current]}”，不能变为“${ASSIGNMENT_STATUS_LABELS[to]}”`, {
      from: current,
      to,
      allowed: ASSIGNMENT_TRANSITIONS[current],
    });
  const reread = async () => (await AssignmentModel.findById(a._id).lean<AssignmentDoc>()) ?? a;
  const current = await reread();
  if (!ASSIGNMENT_TRANSITIONS[current.status].includes(to)) throw refuse(current.status);
  const revision = current.revision ?? 0;
  const claimed = await claimNextRevision('assignment', String(a._id), revision, async () => (await reread()).revision ?? 0);
  if (!claimed) throw refuse((await reread()).status);
  const updated = await AssignmentModel.findOneAndUpdate(
    { _id: a._id, revision },
    {
      $set: { ...set, status: to, revision: revision + 1 },
      $push: { history: { at: new Date(), by: actor.userId, from: current.status, to, note } },
    },
    { returnDocument: 'after' },
  ).lean<AssignmentDoc>();
  if (!updated) throw refuse((await reread()).status);
  return updated;
}

/** An assignment the actor answers for (volunteer / organisation / charity), else 404. */
export async function assignmentForResponder(actor: Actor, id: string): Promise<AssignmentDoc> {
  const a = isObjectId(id) ? await AssignmentModel.findById(id).lean<AssignmentDoc>() : null;
  const kindOfRole: Record<string, CandidateKind> = { volunteer: 'volunteer', organisation: 'organisation', charity: 'resource' };
  if (!a || !actor.subjectId || a.responderId !== actor.subjectId || a.candidate.kind !== kindOfRole[actor.role]) {
    throw notFound('任务');
  }
  return a;
}

/** An assignment within a coordinator's or admin's scope, else 404. */
export async function assignmentInScope(scope: StationScope, id: string): Promise<AssignmentDoc> {
  const filter =
    scope.kind === 'county' ? { countyCode: scope.countyCode } : { countyCode: scope.countyCode, stationCode: scope.stationCode };
  const a = isObjectId(id) ? await AssignmentModel.findOne({ _id: id, ...filter }).lean<AssignmentDoc>() : null;
  if (!a) throw notFound('任务');
  return a;
}

/** Puts the need back in the pool after an assignment ended unserved, and proposes the next-best candidate. */
async function returnToPool(a: AssignmentDoc, actor: Actor, reason: string): Promise<void> {
  await releaseCapacity(a);
  const scope = stationScopeOf(a);
  const need = await getNeed(scope, a.needId);
  if (need.status === 'assigned' || need.status === 'in_progress') {
    await transitionNeed({ scope, actor, id: a.needId, to: 'matching', note: reason }).catch(() => undefined);
  }
  await proposeNext?.({ scope, needId: a.needId, actor, reason });
}

/** The volunteer or organisation accepts a pending assignment. */
export async function acceptAssignment(props: { actor: Actor; id: string }): Promise<AssignmentDoc> {
  const a = await assignmentForResponder(props.actor, props.id);
  const updated = await move(a, 'accepted', props.actor, { acceptedAt: new Date() });
  await announce('assignment.accepted', updated);
  return updated;
}

/** The volunteer or organisation declines with a reason; the coordinator gets the next-best candidate at once. */
export async function declineAssignment(props: { actor: Actor; id: string; reason: string }): Promise<AssignmentDoc> {
  const a = await assignmentForResponder(props.actor, props.id);
  const updated = await move(a, 'declined', props.actor, { declineReason: props.reason }, props.reason);
  await announce('assignment.declined', updated, { reason: props.reason });
  await returnToPool(updated, props.actor, `婉拒：${props.reason}`);
  return updated;
}

/** Service starts: the assignment and its need move to "in progress". */
export async function startAssignment(props: { actor: Actor; id: string }): Promise<AssignmentDoc> {
  const a = await assignmentForResponder(props.actor, props.id);
  const updated = await move(a, 'in_progress', props.actor);
  await transitionNeed({ scope: stationScopeOf(a), actor: props.actor, id: a.needId, to: 'in_progress', note: '开始服务' }).catch(
    () => undefined,
  );
  await announce('assignment.started', updated);
  return updated;
}

/**
 * Completes an assignment with service hours and feedback: hours go to the volunteer's auditable
 * log, the slot is freed, and the need is fulfilled.
 */
export async function completeAssignment(props: {
  actor: Actor;
  assignment: AssignmentDoc;
  hours?: number;
  feedback?: string;
  date?: string;
}): Promise<AssignmentDoc> {
  const a = props.assignment;
  if (a.candidate.kind === 'volunteer') {
    if (props.hours === undefined) throw new AppError(400, 'hours_required', '请填写本次服务时长', { field: 'hours' });
    await recordServiceHours({
      volunteerId: a.candidate.id,
      assignmentId: String(a._id),
      hours: props.hours,
      date: props.date ?? dayOf(new Date()),
      recordedBy: props.actor.userId,
      stationCode: a.stationCode,
    });
  }
  const updated = await move(a, 'completed', props.actor, { hours: props.hours, feedback: props.feedback, completedAt: new Date() });
  if (a.candidate.kind === 'volunteer') await releaseCapacity(a);
  const scope = stationScopeOf(a);
  const need = await getNeed(scope, a.needId);
  if (need.status === 'assigned')
    await transitionNeed({ scope, actor: props.actor, id: a.needId, to: 'in_progress' }).catch(() => undefined);
  await transitionNeed({ scope, actor: props.actor, id: a.needId, to: 'fulfilled', note: '服务完成' }).catch(() => undefined);
  await announce('assignment.completed', updated, { hours: props.hours ?? null });
  return updated;
}

/** A coordinator cancels an active assignment with a reason; capacity returns and the need goes back to matching. */
export async function cancelAssignment(props: { actor: Actor; scope: StationScope; id: string; reason: string }): Promise<AssignmentDoc> {
  const a = await assignmentInScope(props.scope, props.id);
  const updated = await move(a, 'cancelled', props.actor, { cancelReason: props.reason }, props.reason);
  await announce('assignment.cancelled', updated, { reason: props.reason });
  await returnToPool(updated, props.actor, `取消：${props.reason}`);
  return updated;
}

/** An unanswered assignment past its escalation time expires; the coordinator gets the next-best candidate. */
export async function expireAssignment(props: { actor: Actor; assignment: AssignmentDoc }): Promise<AssignmentDoc> {
  const updated = await move(props.assignment, 'expired', props.actor, { escalatedAt: new Date() }, '超时未回复');
  await announce('assignment.escalated', updated, { reason: '超时未回复' });
  await returnToPool(updated, props.actor, '超时未回复');
  return updated;
}

/** Assignments of these needs in a scope, newest first (the household profile, issue 12). */
export const assignmentsOfNeeds = (scope: StationScope, needIds: string[]): Promise<AssignmentDoc[]> =>
  AssignmentModel.find({ ...scopeFilter(scope), needId: trusted({ $in: needIds }) })
    .sort({ _id: -1 })
    .limit(500)
    .lean<AssignmentDoc[]>()
    .exec();
