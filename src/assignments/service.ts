import { Types } from 'mongoose';
import { subjectScopeOf, type Actor, type StationScope } from '../auth/actor.js';
import { withBusyRetry } from '../db/busy.js';
import { publish } from '../events/bus.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import type { NeedDoc } from '../needs/model.js';
import { getNeed, transitionNeed } from '../needs/service.js';
import { dayOf } from '../shared/china-time.js';
import { logFailure } from '../shared/log-failure.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import { recordServiceHours } from '../volunteers/hours.js';
import { releaseCapacity, takeCapacity, type CapacityTaken } from './capacity.js';
import { ASSIGNMENT_STATUS_LABELS, ASSIGNMENT_TRANSITIONS } from './lifecycle.js';
import type { AssignmentDoc, AssignmentStatus, CandidateKind } from './model.js';
import { assignments } from './repository.js';

/** Hours after which an unanswered assignment is reminded, then escalated (station settings may change them later). */
export const RESPONSE_WINDOWS = { remindAfterHours: 4, escalateAfterHours: 24 };

const HOUR_MS = 3_600_000;

/**
 * The need moves the workflow makes, retried while the database is busy. `write` is the seam a test
 * replaces (vi.spyOn) to make one move fail and check that what is left is consistent.
 */
export const needSteps = {
  write: transitionNeed,
  transition(props: Parameters<typeof transitionNeed>[0]): Promise<NeedDoc> {
    return withBusyRetry(() => needSteps.write(props));
  },
};

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
 * Assigns a need to a candidate: takes the candidate's capacity, moves the need to "assigned" (a
 * revision claim: one need is never assigned twice at once) and stores the assignment. A volunteer's
 * or organisation's capacity is taken FIRST: of many coordinators racing for one free slot, the losers
 * are refused by one failed insert and never touch their need. A resource's units are allocated AFTER
 * the need moved, because an allocation is not given back automatically (goods may have moved). If a
 * later step fails the earlier ones are undone; an undo that fails too is logged, and the
 * repair-need-states job puts the need right. Pending until the volunteer or organisation answers;
 * resources are allocated at once.
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
  const assignmentId = new Types.ObjectId();
  const take = () =>
    takeCapacity({
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
  const moveNeed = () => needSteps.transition({ scope, actor: props.actor, id: props.needId, to: 'assigned', note: '指派', current: need });
  const putNeedBack = () =>
    needSteps
      .transition({ scope, actor: props.actor, id: props.needId, to: previous, note: '指派失败，退回' })
      .then(() => undefined, logFailure('returning a need after a failed assignment', { needId: props.needId, to: previous }));
  const giveBack = (taken: CapacityTaken) =>
    releaseCapacity({ _id: assignmentId, candidate: props.candidate, capacityMonth: taken.capacityMonth, capacitySlot: taken.slot }).catch(
      logFailure('releasing capacity after a failed assignment', { needId: props.needId, holder: String(assignmentId) }),
    );

  let taken: CapacityTaken;
  if (props.candidate.kind === 'resource') {
    await moveNeed();
    try {
      taken = await take();
    } catch (err) {
      await putNeedBack();
      throw err;
    }
  } else {
    taken = await take();
    try {
      await moveNeed();
    } catch (err) {
      await giveBack(taken);
      throw err;
    }
  }

  const status: AssignmentStatus = props.candidate.kind === 'resource' ? 'accepted' : 'pending';
  let assignment: AssignmentDoc;
  try {
    assignment = await assignments.insert({
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
      capacitySlot: taken.slot,
      approxDistanceKm: props.approxDistanceKm,
      ...(status === 'pending'
        ? {
            remindAt: new Date(now.getTime() + RESPONSE_WINDOWS.remindAfterHours * HOUR_MS),
            escalateAt: new Date(now.getTime() + RESPONSE_WINDOWS.escalateAfterHours * HOUR_MS),
          }
        : {}),
      history: [{ at: now, by: props.actor.userId, from: null, to: status }],
      createdBy: props.actor.userId,
    });
  } catch (err) {
    await giveBack(taken);
    await putNeedBack();
    throw err;
  }
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
  const reread = async () => (await assignments.reread(a)) ?? a;
  // The caller has just read the assignment: its revision is where the claim starts.
  if (!ASSIGNMENT_TRANSITIONS[a.status].includes(to)) throw refuse(a.status);
  const revision = a.revision ?? 0;
  const claimed = await withBusyRetry(() =>
    claimNextRevision('assignment', String(a._id), revision, async () => (await reread()).revision ?? 0),
  );
  if (!claimed) throw refuse((await reread()).status);
  const updated = await assignments.writeMove(
    a,
    revision,
    { ...set, status: to },
    { at: new Date(), by: actor.userId, from: a.status, to, note },
  );
  if (!updated) throw refuse((await reread()).status);
  return updated;
}

/** An assignment the actor answers for (volunteer / organisation / charity), else 404. */
export async function assignmentForResponder(actor: Actor, id: string): Promise<AssignmentDoc> {
  const subject = subjectScopeOf(actor);
  if (!subject) throw notFound('任务');
  return assignments.getForSubject(subject, id);
}

/** An assignment within a coordinator's or admin's scope, else 404. */
export function assignmentInScope(scope: StationScope, id: string): Promise<AssignmentDoc> {
  return assignments.get(scope, id);
}

/**
 * Puts the need back in the pool after an assignment ended unserved. Matching hears the event the
 * caller publishes next and proposes the next-best candidate.
 */
async function returnToPool(a: AssignmentDoc, actor: Actor, reason: string): Promise<void> {
  await releaseCapacity(a).catch(logFailure('releasing capacity', { assignmentId: String(a._id) }));
  const scope = stationScopeOf(a);
  const need = await getNeed(scope, a.needId);
  if (need.status === 'assigned' || need.status === 'in_progress') {
    await needSteps
      .transition({ scope, actor, id: a.needId, to: 'matching', note: reason, current: need })
      .catch(logFailure('returning a need to matching', { needId: a.needId, assignmentId: String(a._id) }));
  }
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
  await returnToPool(updated, props.actor, `婉拒：${props.reason}`);
  await announce('assignment.declined', updated, { reason: props.reason });
  return updated;
}

/** Service starts: the assignment and its need move to "in progress". */
export async function startAssignment(props: { actor: Actor; id: string }): Promise<AssignmentDoc> {
  const a = await assignmentForResponder(props.actor, props.id);
  const updated = await move(a, 'in_progress', props.actor);
  await needSteps
    .transition({ scope: stationScopeOf(a), actor: props.actor, id: a.needId, to: 'in_progress', note: '开始服务' })
    .catch(logFailure('moving a need to in_progress', { needId: a.needId, assignmentId: String(a._id) }));
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
      countyCode: a.countyCode,
      stationCode: a.stationCode,
      // The coordinator confirming the hours reads the volunteer's own words with them.
      ...(props.feedback ? { note: props.feedback.slice(0, 200) } : {}),
    });
  }
  const updated = await move(a, 'completed', props.actor, { hours: props.hours, feedback: props.feedback, completedAt: new Date() });
  if (a.candidate.kind === 'volunteer') await releaseCapacity(a).catch(logFailure('releasing capacity', { assignmentId: String(a._id) }));
  const scope = stationScopeOf(a);
  const need = await getNeed(scope, a.needId);
  const context = { needId: a.needId, assignmentId: String(a._id) };
  const started =
    need.status === 'assigned'
      ? await needSteps
          .transition({ scope, actor: props.actor, id: a.needId, to: 'in_progress', current: need })
          .catch(logFailure('moving a need to in_progress', context))
      : need;
  await needSteps
    .transition({ scope, actor: props.actor, id: a.needId, to: 'fulfilled', note: '服务完成', ...(started ? { current: started } : {}) })
    .catch(logFailure('fulfilling a need', context));
  await announce('assignment.completed', updated, { hours: props.hours ?? null });
  return updated;
}

/** A coordinator cancels an active assignment with a reason; capacity returns and the need goes back to matching. */
export async function cancelAssignment(props: { actor: Actor; scope: StationScope; id: string; reason: string }): Promise<AssignmentDoc> {
  const a = await assignmentInScope(props.scope, props.id);
  const updated = await move(a, 'cancelled', props.actor, { cancelReason: props.reason }, props.reason);
  await returnToPool(updated, props.actor, `取消：${props.reason}`);
  await announce('assignment.cancelled', updated, { reason: props.reason });
  return updated;
}

/** An unanswered assignment past its escalation time expires; the coordinator gets the next-best candidate. */
export async function expireAssignment(props: { actor: Actor; assignment: AssignmentDoc }): Promise<AssignmentDoc> {
  const updated = await move(props.assignment, 'expired', props.actor, { escalatedAt: new Date() }, '超时未回复');
  await returnToPool(updated, props.actor, '超时未回复');
  await announce('assignment.escalated', updated, { reason: '超时未回复' });
  return updated;
}
