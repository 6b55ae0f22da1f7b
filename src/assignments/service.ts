import { Types } from 'mongoose';
import { subjectScopeOf, type Actor, type StationScope } from '../auth/actor.js';
import { withBusyRetry } from '../db/busy.js';
import { writeAll, writePair } from '../db/write-overlap.js';
import { publish } from '../events/bus.js';
import type { AssignmentEventPayload } from '../contracts/events.js';
import type { EventPayloads, EventType } from '../events/types.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import type { NeedDoc } from '../needs/model.js';
import { announceNeedMove, claimNeedMove, findNeed, getNeed, releaseNeedMove, writeNeedMove, type NeedMove } from '../needs/service.js';
import { dayOf } from '../shared/china-time.js';
import { logFailure } from '../shared/log-failure.js';
import { idOf } from '../shared/model.js';
import { claimNextRevision, releaseNextRevision } from '../shared/revision-claims.js';
import { recordServiceHours } from '../volunteers/hours.js';
import type { SlotHint } from '../volunteers/slots.js';
import { prepareCapacityRelease, releaseCapacity, takeCapacity, type CapacityTaken } from './capacity.js';
import { ASSIGNMENT_STATUS_LABELS, ASSIGNMENT_TRANSITIONS } from './lifecycle.js';
import type { AssignmentDoc, AssignmentHistoryEntry, AssignmentStatus, CandidateKind } from './model.js';
import { assignments, type NewAssignment } from './repository.js';

/** Hours after which an unanswered assignment is reminded, then escalated (station settings may change them later). */
export const RESPONSE_WINDOWS = { remindAfterHours: 4, escalateAfterHours: 24 };

const HOUR_MS = 3_600_000;

/**
 * The need moves the workflow makes: a claim (the single-winner step) and a write, each retried while
 * the database is busy, so a workflow can claim a need beside its other claims and write it beside its
 * other writes. `write` is the seam a test replaces (vi.spyOn) to make one write fail and check that what
 * is left is consistent.
 */
export const needSteps = {
  write: writeNeedMove,
  claim(props: Parameters<typeof claimNeedMove>[0]): Promise<NeedMove> {
    return withBusyRetry(() => claimNeedMove(props));
  },
  /** Writes a claimed move; when the write fails its claim is given back (unless it landed) and the error passes on. */
  async commit(move: NeedMove): Promise<NeedDoc> {
    try {
      return await withBusyRetry(() => needSteps.write(move));
    } catch (err) {
      await releaseNeedMove(move, 'unknown').catch(
        logFailure('giving back a need claim after a failed write', { needId: idOf(move.current), to: move.to }),
      );
      throw err;
    }
  },
  /** One need move on its own: claim, write, announce. */
  async transition(props: Parameters<typeof claimNeedMove>[0]): Promise<NeedDoc> {
    const updated = await needSteps.commit(await needSteps.claim(props));
    await announceNeedMove(updated, props.current.status);
    return updated;
  },
};

/** What an action on an assignment yields: the assignment as it now is, and its need when the action read or wrote it. */
export interface AssignmentOutcome {
  assignment: AssignmentDoc;
  /** For the presenter (null: not known here, it reads the need itself). */
  need: NeedDoc | null;
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
export function assignmentSummary(a: AssignmentDoc): AssignmentEventPayload {
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

/** An assignment event as the contract types it (src/contracts/events.ts): its type and payload. */
type AssignmentEvent = { [T in Extract<EventType, `assignment.${string}`>]: { type: T; payload: EventPayloads[T] } }[Extract<
  EventType,
  `assignment.${string}`
>];

/** Publishes an assignment's event to the assignment's audience. */
async function announce(a: AssignmentDoc, event: AssignmentEvent) {
  await publish({ ...event, countyCode: a.countyCode, audience: audienceOf(a) });
}

/**
 * Assigns a need to a candidate: takes the candidate's capacity, moves the need to "assigned" (a
 * revision claim: one need is never assigned twice at once) and stores the assignment.
 *
 * A volunteer's or organisation's capacity claim and the need's revision claim are made at once, and
 * once both are held the need's move and the assignment are written at once: two round trips of
 * latency instead of four. Whichever of a pair fails, what the other did is undone (a claim given
 * back, the assignment deleted before it was ever announced, the need moved back), and the refusal or
 * error answers. A resource's units are allocated only AFTER the need moved, because an allocation is
 * not given back automatically (goods may have moved). An undo that fails too is logged, and the
 * repair-need-states job puts the need right. Pending until the volunteer or organisation answers;
 * resources are allocated at once.
 */
export async function assignCandidate(props: AssignProps): Promise<AssignmentDoc> {
  return (await assignNeed(props)).assignment;
}

interface AssignProps {
  actor: Actor;
  scope: StationScope;
  needId: string;
  candidate: { kind: CandidateKind; id: string };
  amount?: number;
  score?: number;
  reasons?: Array<{ rule: string; text: string }>;
  approxDistanceKm?: number;
  now?: Date;
  /** The need as the caller just read it within `scope` (saves reading it again). */
  need?: NeedDoc;
  /** A volunteer's load as the live matching index has it (checkEligible): its slot is tried without a read. */
  slotHint?: SlotHint;
}

/** assignCandidate, answering with the need as the assignment left it (for the presenter). */
export async function assignNeed(props: AssignProps): Promise<AssignmentOutcome> {
  const now = props.now ?? new Date();
  const need = props.need && idOf(props.need) === props.needId ? props.need : await getNeed(props.scope, props.needId);
  const previous: NeedStatus = need.status;
  if (previous !== 'open' && previous !== 'matching') {
    throw conflict('该需求已指派或已结束，不能重复指派', { status: previous });
  }
  const scope = stationScopeOf(need);
  const assignmentId = new Types.ObjectId();
  const context = { needId: props.needId, holder: String(assignmentId) };
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
      slotHint: props.slotHint,
    });
  const claimNeed = () => needSteps.claim({ scope, actor: props.actor, current: need, to: 'assigned', note: '指派' });
  const putNeedBack = (moved: NeedDoc) =>
    needSteps
      .transition({ scope, actor: props.actor, current: moved, to: previous, note: '指派失败，退回' })
      .then(() => undefined, logFailure('returning a need after a failed assignment', { ...context, to: previous }));
  const giveBack = (taken: CapacityTaken) =>
    releaseCapacity({ _id: assignmentId, candidate: props.candidate, capacityMonth: taken.capacityMonth, capacitySlot: taken.slot }).catch(
      logFailure('releasing capacity after a failed assignment', context),
    );
  const record = (taken: CapacityTaken): NewAssignment => {
    const status: AssignmentStatus = props.candidate.kind === 'resource' ? 'accepted' : 'pending';
    return {
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
    };
  };

  let moved: NeedDoc;
  let assignment: AssignmentDoc;
  if (props.candidate.kind === 'resource') {
    moved = await needSteps.commit(await claimNeed());
    let taken: CapacityTaken;
    try {
      taken = await take();
    } catch (err) {
      await putNeedBack(moved);
      throw err;
    }
    try {
      assignment = await assignments.insert(record(taken));
    } catch (err) {
      await putNeedBack(moved);
      throw err;
    }
  } else {
    // The two claims, at once where the database takes concurrent writers (db/write-overlap.ts): the
    // capacity (a unique slot insert) first, then the need's next revision.
    const [capacity, claimed] = await writePair(take, claimNeed);
    if (capacity.status === 'rejected' || claimed?.status !== 'fulfilled') {
      await Promise.all([
        capacity.status === 'fulfilled' ? giveBack(capacity.value) : undefined,
        claimed?.status === 'fulfilled'
          ? releaseNeedMove(claimed.value, 'no').catch(logFailure('giving back a need claim after a refused assignment', context))
          : undefined,
      ]);
      throw capacity.status === 'rejected'
        ? capacity.reason
        : claimed?.status === 'rejected'
          ? claimed.reason
          : new Error('claim not made');
    }
    // Both held: the need's move and the assignment.
    const [written, inserted] = await writePair(
      () => needSteps.commit(claimed.value),
      () => assignments.insert(record(capacity.value)),
    );
    if (written.status === 'rejected' || inserted?.status !== 'fulfilled') {
      await Promise.all([
        inserted?.status === 'fulfilled'
          ? assignments.discardUnannounced(assignmentId).catch(logFailure('deleting an assignment after a failed need move', context))
          : undefined,
        written.status === 'fulfilled' ? putNeedBack(written.value) : undefined,
      ]);
      await giveBack(capacity.value);
      throw written.status === 'rejected'
        ? written.reason
        : inserted?.status === 'rejected'
          ? inserted.reason
          : new Error('write not made');
    }
    moved = written.value;
    assignment = inserted.value;
  }
  // Published together: one write to the event log.
  await Promise.all([
    announceNeedMove(moved, previous),
    announce(assignment, { type: 'assignment.created', payload: assignmentSummary(assignment) }),
  ]);
  return { assignment, need: moved };
}

/** A move of an assignment whose next revision this writer has claimed: it alone writes it. */
interface AssignmentMove {
  a: AssignmentDoc;
  to: AssignmentStatus;
  revision: number;
  set: Record<string, unknown>;
  entry: AssignmentHistoryEntry;
}

/**
 * Claims the move of an assignment to `to`, or answers 409 listing the allowed moves. Of two racing
 * moves exactly one wins: each writer claims the next revision first (an atomic insert, also on FerretDB).
 */
async function claimMove(
  a: AssignmentDoc,
  to: AssignmentStatus,
  actor: Actor,
  set: Record<string, unknown> = {},
  note?: string,
): Promise<AssignmentMove> {
  // The caller has just read the assignment: its revision is where the claim starts.
  if (!ASSIGNMENT_TRANSITIONS[a.status].includes(to)) throw refuseMove(a.status, to);
  const revision = a.revision ?? 0;
  const reread = async () => (await assignments.reread(a)) ?? a;
  const claimed = await withBusyRetry(() =>
    claimNextRevision('assignment', String(a._id), revision, async () => (await reread()).revision ?? 0),
  );
  if (!claimed) throw refuseMove((await reread()).status, to);
  return { a, to, revision, set, entry: { at: new Date(), by: actor.userId, from: a.status, to, note } };
}

function refuseMove(current: AssignmentStatus, to: AssignmentStatus) {
  return conflict(`任务当前为“${ASSIGNMENT_STATUS_LABELS[current]}”，不能变为“${ASSIGNMENT_STATUS_LABELS[to]}”`, {
    from: current,
    to,
    allowed: ASSIGNMENT_TRANSITIONS[current],
  });
}

/** Writes a claimed move (409 when the record is gone). */
async function writeMove(m: AssignmentMove): Promise<AssignmentDoc> {
  const updated = await assignments.writeMove(m.a, m.revision, { ...m.set, status: m.to }, m.entry);
  if (!updated) throw refuseMove(((await assignments.reread(m.a)) ?? m.a).status, m.to);
  return updated;
}

/** Moves an assignment to `to`: claim, then write. */
async function move(
  a: AssignmentDoc,
  to: AssignmentStatus,
  actor: Actor,
  set: Record<string, unknown> = {},
  note?: string,
): Promise<AssignmentDoc> {
  return writeMove(await claimMove(a, to, actor, set, note));
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

/** The need of an assignment, in the assignment's station; null when it is not there (the presenter says so). */
function needOf(a: AssignmentDoc): Promise<NeedDoc | null> {
  return findNeed(stationScopeOf(a), a.needId);
}

/** One step of a need after its assignment moved, taken when the need is in one of `from`. */
interface NeedStep {
  to: NeedStatus;
  note?: string;
  from: readonly NeedStatus[];
}

/** A need move written after its assignment's, with the status it left (for the event). */
interface NeedMoved {
  updated: NeedDoc;
  from: NeedStatus;
}

/**
 * Writes a claimed assignment move, then moves its need on (start, complete, back to the pool) and
 * gives back capacity, overlapping what may overlap: the need's first step is claimed beside the
 * assignment's write (and given back when that write fails); once the write landed, the need's moves
 * and the capacity's release (read beforehand) run at once. The need's steps are best effort: the
 * assignment's move is the answer; a step that fails is logged and the repair-need-states job puts the
 * need right. Unannounced: the caller publishes the need's moves with its own event (announceWith).
 */
async function writeAndFollow(
  m: AssignmentMove,
  need: NeedDoc | null,
  actor: Actor,
  steps: NeedStep[],
  release?: () => Promise<void>,
): Promise<{ updated: AssignmentDoc; need: NeedDoc | null; moves: NeedMoved[] }> {
  const context = { needId: m.a.needId, assignmentId: String(m.a._id) };
  const scope = stationScopeOf(m.a);
  const claimStep = (current: NeedDoc, step: NeedStep) =>
    needSteps.claim({ scope, actor, current, to: step.to, ...(step.note ? { note: step.note } : {}) });
  const first = need ? steps.findIndex((step) => step.from.includes(need.status)) : -1;
  const [written, early] = await writePair(
    () => writeMove(m),
    () => (need && first >= 0 ? claimStep(need, steps[first]!) : Promise.resolve(null)),
  );
  if (written.status === 'rejected' || !early) {
    if (early?.status === 'fulfilled' && early.value) {
      await releaseNeedMove(early.value, 'no').catch(logFailure('giving back a need claim after a failed assignment move', context));
    }
    throw written.status === 'rejected' ? written.reason : new Error('write not made');
  }
  const followNeed = async (): Promise<{ need: NeedDoc | null; moves: NeedMoved[] }> => {
    const moves: NeedMoved[] = [];
    let current = need;
    for (let i = Math.max(first, 0); current && first >= 0 && i < steps.length; i++) {
      const step = steps[i]!;
      if (!step.from.includes(current.status)) continue;
      const from: NeedStatus = current.status;
      try {
        let claimed: NeedMove;
        if (i === first) {
          if (early.status === 'rejected') throw early.reason;
          claimed = early.value!;
        } else {
          claimed = await claimStep(current, step);
        }
        current = await needSteps.commit(claimed);
        moves.push({ updated: current, from });
      } catch (err) {
        logFailure(`moving a need to ${step.to}`, context)(err);
        break;
      }
    }
    return { need: current, moves };
  };
  let followed: { need: NeedDoc | null; moves: NeedMoved[] } = { need, moves: [] };
  await writeAll([
    async () => {
      followed = await followNeed();
    },
    async () => {
      if (release) await release().catch(logFailure('releasing capacity', context));
    },
  ]);
  return { updated: written.value, ...followed };
}

/** Publishes an assignment's event and its need's moves together (one write to the event log). */
async function announceWith(a: AssignmentDoc, moves: NeedMoved[], event: AssignmentEvent): Promise<void> {
  await Promise.all([...moves.map((m) => announceNeedMove(m.updated, m.from)), announce(a, event)]);
}

/**
 * Claims an assignment's move and, beside the claim, reads its need and what its capacity release will
 * delete. The claim's refusal (409) answers; the other reads never fail the action (a need not read is
 * left to the repair job and the presenter, a release not read is done whole).
 */
async function claimWithReads(
  a: AssignmentDoc,
  claim: () => Promise<AssignmentMove>,
  withRelease: boolean,
): Promise<{ claimed: AssignmentMove; need: NeedDoc | null; release?: () => Promise<void> }> {
  const context = { needId: a.needId, assignmentId: String(a._id) };
  const [claimed, need, release] = await Promise.all([
    claim(),
    needOf(a).catch(logFailure("reading an assignment's need", context)),
    withRelease ? prepareCapacityRelease(a) : undefined,
  ]);
  return { claimed, need: need ?? null, release };
}

/** The need steps of an assignment that ended unserved: the need goes back to matching. */
const backToPool = (reason: string): NeedStep[] => [{ to: 'matching', note: reason, from: ['assigned', 'in_progress'] }];

/** The volunteer or organisation accepts a pending assignment. */
export async function acceptAssignment(props: { actor: Actor; id: string }): Promise<AssignmentOutcome> {
  const a = await assignmentForResponder(props.actor, props.id);
  const updated = await move(a, 'accepted', props.actor, { acceptedAt: new Date() });
  await announce(updated, { type: 'assignment.accepted', payload: assignmentSummary(updated) });
  // Accepting moves no need: the presenter takes it from the needs mirror (no read here).
  return { assignment: updated, need: null };
}

/** The volunteer or organisation declines with a reason; the coordinator gets the next-best candidate at once. */
export async function declineAssignment(props: { actor: Actor; id: string; reason: string }): Promise<AssignmentOutcome> {
  const a = await assignmentForResponder(props.actor, props.id);
  const { claimed, need, release } = await claimWithReads(
    a,
    () => claimMove(a, 'declined', props.actor, { declineReason: props.reason }, props.reason),
    true,
  );
  const done = await writeAndFollow(claimed, need, props.actor, backToPool(`婉拒：${props.reason}`), release);
  await announceWith(done.updated, done.moves, {
    type: 'assignment.declined',
    payload: { ...assignmentSummary(done.updated), reason: props.reason },
  });
  return { assignment: done.updated, need: done.need };
}

/** Service starts: the assignment and its need move to "in progress". */
export async function startAssignment(props: { actor: Actor; id: string }): Promise<AssignmentOutcome> {
  const a = await assignmentForResponder(props.actor, props.id);
  const { claimed, need } = await claimWithReads(a, () => claimMove(a, 'in_progress', props.actor), false);
  const done = await writeAndFollow(claimed, need, props.actor, [{ to: 'in_progress', note: '开始服务', from: ['assigned'] }]);
  await announceWith(done.updated, done.moves, { type: 'assignment.started', payload: assignmentSummary(done.updated) });
  return { assignment: done.updated, need: done.need };
}

/**
 * Completes an assignment with service hours and feedback: hours go to the volunteer's auditable
 * log, the slot is freed, and the need is fulfilled. The hours, the move's claim and the need's read
 * go out at once; the move is written only when the hours were recorded (a second entry of the day is
 * refused with 409, and then the claim is given back).
 */
export async function completeAssignment(props: {
  actor: Actor;
  assignment: AssignmentDoc;
  hours?: number;
  feedback?: string;
  date?: string;
}): Promise<AssignmentOutcome> {
  const a = props.assignment;
  const context = { needId: a.needId, assignmentId: String(a._id) };
  if (a.candidate.kind === 'volunteer' && props.hours === undefined) {
    throw new AppError(400, 'hours_required', '请填写本次服务时长', { field: 'hours' });
  }
  // Refused before any hours are written.
  if (!ASSIGNMENT_TRANSITIONS[a.status].includes('completed')) throw refuseMove(a.status, 'completed');
  const hours = async () => {
    if (a.candidate.kind !== 'volunteer' || props.hours === undefined) return;
    await recordServiceHours({
      volunteerId: a.candidate.id,
      assignmentId: String(a._id),
      hours: props.hours,
      date: props.date ?? dayOf(new Date()),
      recordedBy: props.actor.userId,
      countyCode: a.countyCode,
      stationCode: a.stationCode,
      // The assignment took this volunteer's slot in its county: no need to read the volunteer again.
      volunteerOfCounty: true,
      // The coordinator confirming the hours reads the volunteer's own words with them.
      ...(props.feedback ? { note: props.feedback.slice(0, 200) } : {}),
    });
  };
  const withRelease = a.candidate.kind === 'volunteer';
  // The need and the capacity to give back are read beside the writes (never rejects: see claimWithReads).
  const reads = Promise.all([
    needOf(a).catch(logFailure("reading an assignment's need", context)),
    withRelease ? prepareCapacityRelease(a) : undefined,
  ]);
  const [recorded, claimedMove] = await writePair(hours, () =>
    claimMove(a, 'completed', props.actor, { hours: props.hours, feedback: props.feedback, completedAt: new Date() }),
  );
  if (recorded.status === 'rejected' || claimedMove?.status !== 'fulfilled') {
    await reads;
    if (claimedMove?.status === 'fulfilled') {
      await releaseNextRevision('assignment', String(a._id), claimedMove.value.revision).catch(
        logFailure('giving back an assignment claim after refused hours', context),
      );
    }
    throw recorded.status === 'rejected'
      ? recorded.reason
      : claimedMove?.status === 'rejected'
        ? claimedMove.reason
        : new Error('claim not made');
  }
  const claimed = claimedMove.value;
  const [needRead, release] = await reads;
  const need = needRead ?? null;
  const done = await writeAndFollow(
    claimed,
    need,
    props.actor,
    [
      { to: 'in_progress', from: ['assigned'] },
      { to: 'fulfilled', note: '服务完成', from: ['in_progress'] },
    ],
    release,
  );
  await announceWith(done.updated, done.moves, {
    type: 'assignment.completed',
    payload: { ...assignmentSummary(done.updated), hours: props.hours ?? null },
  });
  return { assignment: done.updated, need: done.need };
}

/** A coordinator cancels an active assignment with a reason; capacity returns and the need goes back to matching. */
export async function cancelAssignment(props: { actor: Actor; scope: StationScope; id: string; reason: string }): Promise<AssignmentDoc> {
  const a = await assignmentInScope(props.scope, props.id);
  const { claimed, need, release } = await claimWithReads(
    a,
    () => claimMove(a, 'cancelled', props.actor, { cancelReason: props.reason }, props.reason),
    true,
  );
  const done = await writeAndFollow(claimed, need, props.actor, backToPool(`取消：${props.reason}`), release);
  await announceWith(done.updated, done.moves, {
    type: 'assignment.cancelled',
    payload: { ...assignmentSummary(done.updated), reason: props.reason },
  });
  return done.updated;
}

/** An unanswered assignment past its escalation time expires; the coordinator gets the next-best candidate. */
export async function expireAssignment(props: { actor: Actor; assignment: AssignmentDoc }): Promise<AssignmentDoc> {
  const a = props.assignment;
  const { claimed, need, release } = await claimWithReads(
    a,
    () => claimMove(a, 'expired', props.actor, { escalatedAt: new Date() }, '超时未回复'),
    true,
  );
  const done = await writeAndFollow(claimed, need, props.actor, backToPool('超时未回复'), release);
  await announceWith(done.updated, done.moves, {
    type: 'assignment.escalated',
    payload: { ...assignmentSummary(done.updated), reason: '超时未回复' },
  });
  return done.updated;
}
