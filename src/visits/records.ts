import type { Actor, StationScope } from '../auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { households, liveHousehold } from '../households/repository.js';
import { approximateLocation } from '../households/places.js';
import type { BeneficiaryGroup } from '../households/groups.js';
import { NeedCreateSchema } from '../needs/schema.js';
import { createNeed } from '../needs/service.js';
import type { NeedDoc } from '../needs/model.js';
import { publish } from '../events/bus.js';
import { monthOf } from '../shared/china-time.js';
import { idOf, trusted } from '../shared/model.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { visitRecords, visitTasks, type VisitPerson, type VisitRecordDoc, type VisitTaskDoc } from './repository.js';
import type { VisitRecordCreateT } from './schema.js';
import { VISIT_BACKDATE_DAYS } from './settings.js';
import { z } from 'zod';
import type { VisitFollowUpBody } from './schema.js';

/** Clock skew tolerated for a visit "just now" from a phone whose clock runs ahead. */
const FUTURE_SKEW_MS = 10 * 60_000;

/** Refuses a visit dated in the future or more than VISIT_BACKDATE_DAYS back (Chinese 400). */
export function checkVisitDate(visitedAt: Date, now: Date, backdateDays = VISIT_BACKDATE_DAYS): void {
  if (visitedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw badRequest('visit_in_future', '探访时间不能晚于当前时间');
  if (visitedAt.getTime() < now.getTime() - backdateDays * 86_400_000) {
    throw badRequest('visit_too_old', `只能补录 ${backdateDays} 天内的探访，更早的探访请联系县级管理员`, { backdateDays });
  }
}

/** The month's task a visit answers: the named one, or the household's task of the visit's month. */
async function taskFor(scope: StationScope, input: VisitRecordCreateT, month: string): Promise<VisitTaskDoc | null> {
  if (input.taskId) {
    const task = await visitTasks.get(scope, input.taskId);
    if (task.householdId !== input.householdId) throw badRequest('task_mismatch', '探访任务与所选户不一致');
    return task;
  }
  return visitTasks.findOne(scope, { householdId: input.householdId, month } as ScopedFilter<VisitTaskDoc>);
}

/**
 * Records a visit. Staff record any household of their station; a volunteer records only a visit
 * the station assigned to them (marked as such). The month's task of the household becomes done.
 */
export async function recordVisit(props: {
  actor: Actor;
  scope: StationScope;
  input: VisitRecordCreateT;
  now?: Date;
}): Promise<VisitRecordDoc> {
  const { actor, scope, input } = props;
  checkVisitDate(input.visitedAt, props.now ?? new Date());
  const household = await liveHousehold(scope, input.householdId);
  if (!household) throw notFound('服务对象户');
  const month = monthOf(input.visitedAt);
  const task = await taskFor(scope, input, month);
  let visitor: VisitPerson;
  if (actor.role === 'volunteer') {
    const assigned = task?.assignee?.kind === 'volunteer' && task.assignee.id === actor.subjectId;
    if (!task || !assigned) throw forbidden('志愿者只能登记分派给自己的探访');
    visitor = { kind: 'volunteer', id: actor.subjectId!, name: actor.displayName };
  } else {
    visitor = { kind: 'staff', id: actor.userId, name: actor.displayName };
  }
  const record = await visitRecords.create(scope, household.stationCode, {
    householdId: input.householdId,
    communityCode: household.communityCode,
    taskId: task ? idOf(task) : null,
    month,
    visitedAt: input.visitedAt,
    mode: input.mode,
    visitor,
    byVolunteer: visitor.kind === 'volunteer',
    findings: input.findings,
    note: input.note,
    location: input.location ?? null,
    photos: input.photos,
    followUps: [],
    recordedBy: actor.userId,
  });
  if (task && task.month === month && task.status !== 'done') {
    // Two visits of one household racing here both complete the task; either record is a true visit,
    // so a plain conditional write suffices (no single-winner claim needed).
    await visitTasks.update(scope, idOf(task), { $set: { status: 'done', doneAt: input.visitedAt, recordId: idOf(record) } }, {
      status: trusted({ $in: ['due', 'missed'] }),
    } as ScopedFilter<VisitTaskDoc>);
  }
  await publish({
    type: 'visit.recorded',
    countyCode: record.countyCode,
    audience: { stationCodes: [record.stationCode] },
    payload: {
      id: idOf(record),
      stationCode: record.stationCode,
      householdId: record.householdId,
      month,
      mode: record.mode,
      taskId: record.taskId,
    },
  });
  return record;
}

/** One visit record; a volunteer reads only the visits they made. */
export async function getVisitRecord(actor: Actor, scope: StationScope, id: string): Promise<VisitRecordDoc> {
  const record = await visitRecords.get(scope, id);
  if (actor.role === 'volunteer' && record.visitor.id !== actor.subjectId) throw notFound('探访记录');
  return record;
}

/**
 * Turns one finding of a visit into a need on the needs list (through the needs service, so it is
 * announced and matched like any other), linked to the visit.
 */
export async function followUpFinding(props: {
  actor: Actor;
  scope: StationScope;
  id: string;
  body: z.infer<typeof VisitFollowUpBody>;
}): Promise<{ record: VisitRecordDoc; need: NeedDoc }> {
  const { actor, scope, id, body } = props;
  const record = await visitRecords.get(scope, id);
  if (record.followUps.some((f) => f.area === body.area)) throw conflict('该项发现已转为需求', { area: body.area });
  const household = await households.get(scope, record.householdId);
  const location = record.location ?? household.location ?? approximateLocation(record.communityCode);
  if (!location) throw badRequest('location_required', '无法确定需求位置，请在探访记录中填写定位');
  const date = record.visitedAt.toISOString().slice(0, 10);
  const input = NeedCreateSchema.parse({
    communityCode: record.communityCode,
    householdId: record.householdId,
    title: body.title,
    description: body.description || `来自 ${date} 的探访记录（${record.visitor.name}）`,
    ...(body.category ? { category: body.category } : {}),
    urgency: body.urgency,
    location,
    groups: (household.groups ?? []) as BeneficiaryGroup[],
    source: 'survey',
  });
  const need = await createNeed({ scope, actor, input });
  const updated = await visitRecords.update(scope, id, {
    $push: { followUps: { area: body.area, needId: idOf(need), at: new Date(), by: actor.userId } },
  });
  return { record: updated ?? record, need };
}

/**
 * The short path of the month list: "visited in person, just now" for one task (the record form
 * carries the details). A task already done answers 409.
 */
export async function completeVisitTask(props: {
  actor: Actor;
  scope: StationScope;
  taskId: string;
  note?: string;
}): Promise<VisitRecordDoc> {
  const task = await visitTasks.get(props.scope, props.taskId);
  if (task.status === 'done') throw conflict('该探访任务已完成');
  return recordVisit({
    actor: props.actor,
    scope: props.scope,
    input: {
      householdId: task.householdId,
      taskId: props.taskId,
      visitedAt: new Date(),
      mode: 'home',
      findings: { health: 'good', living: 'good', safety: 'good', mood: 'good' },
      note: props.note ?? '',
      photos: [],
    },
  });
}
