import type { z } from 'zod';
import type { Actor, StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { badRequest, notFound } from '../http/errors.js';
import { liveHousehold } from '../households/repository.js';
import { needs } from '../needs/repository.js';
import { idOf } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { recordSatisfaction } from '../satisfaction/service.js';
import { assertIn, assertMove, writeNextRevision } from '../station-work/lifecycle.js';
import { visitRecords } from '../visits/repository.js';
import { CASE_LIFECYCLE, type CaseStatus } from './lifecycle.js';
import { cases, type CaseDoc } from './repository.js';
import type { CaseAssessment, CaseClose, CaseCreateT, CaseInterventionInput, CaseListQuery, CasePlan, CaseReview } from './schema.js';

const WHAT = '个案';

async function announce(type: 'case.opened' | 'case.updated' | 'case.closed', c: CaseDoc): Promise<void> {
  await publish({
    type,
    countyCode: c.countyCode,
    audience: { stationCodes: [c.stationCode] },
    payload: { id: idOf(c), stationCode: c.stationCode, status: c.status, householdId: c.householdId },
  });
}

/** The source a case comes from must exist in scope and concern the same household. */
async function checkSource(scope: StationScope, input: CaseCreateT): Promise<void> {
  const { kind, id } = input.source;
  if (kind === 'direct') return;
  if (!id) throw badRequest('source_required', '请选择个案来源记录');
  // A referral intake names the referral received from outside; it is recorded as given.
  if (kind === 'referral') return;
  // get() answers 404 for a record outside the scope, as if it did not exist.
  const source = kind === 'need' ? await needs.get(scope, id) : await visitRecords.get(scope, id);
  if (source.householdId && source.householdId !== input.householdId) throw badRequest('source_mismatch', '来源记录与个案不是同一户');
}

/** Intake 接案: opens a case for a person of a household, with a case worker (default: the actor). */
export async function openCase(props: { actor: Actor; scope: StationScope; input: CaseCreateT }): Promise<CaseDoc> {
  const { actor, scope, input } = props;
  const household = await liveHousehold(scope, input.householdId);
  if (!household) throw notFound('服务对象户');
  await checkSource(scope, input);
  const now = new Date();
  const created = await cases.create(scope, household.stationCode, {
    householdId: input.householdId,
    communityCode: household.communityCode,
    personName: input.personName,
    source: { kind: input.source.kind, id: input.source.id ?? null },
    caseWorker: input.caseWorker ?? { id: actor.userId, name: actor.displayName },
    status: 'intake',
    summary: input.summary,
    assessment: null,
    plan: null,
    interventions: [],
    reviews: [],
    closure: null,
    history: [{ at: now, by: actor.userId, from: null, to: 'intake' }],
    openedAt: now,
    closedAt: null,
    revision: 0,
  });
  await announce('case.opened', created);
  return created;
}

/** Writes a change as the next revision; moving to `to` when given (validated by the lifecycle). */
async function change(
  actor: Actor,
  scope: StationScope,
  current: CaseDoc,
  set: Partial<CaseDoc>,
  to?: CaseStatus,
  push: Record<string, unknown> = {},
) {
  const moving = to && to !== current.status;
  if (moving) assertMove(CASE_LIFECYCLE, WHAT, current.status, to);
  const pushes = { ...push, ...(moving ? { history: { at: new Date(), by: actor.userId, from: current.status, to } } : {}) };
  const updated = await writeNextRevision(cases, 'case', scope, current, {
    $set: { ...set, ...(moving ? { status: to } : {}) },
    ...(Object.keys(pushes).length ? { $push: pushes } : {}),
  });
  await announce(to === 'closed' && moving ? 'case.closed' : 'case.updated', updated);
  return updated;
}

export const getCase = (scope: StationScope, id: string) => cases.get(scope, id);

/** Assessment 评估: problems and needs, strengths and resources, risk level. */
export async function assessCase(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof CaseAssessment>) {
  const current = await cases.get(scope, id);
  assertIn(CASE_LIFECYCLE, WHAT, current.status, ['intake', 'assessed', 'planned', 'in_service', 'reviewing'], '评估');
  return change(
    actor,
    scope,
    current,
    { assessment: { ...body, at: new Date(), by: actor.userId } },
    current.status === 'intake' ? 'assessed' : undefined,
  );
}

/** Service plan 服务计划 with goals. */
export async function planCase(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof CasePlan>) {
  const current = await cases.get(scope, id);
  assertIn(CASE_LIFECYCLE, WHAT, current.status, ['assessed', 'planned', 'in_service', 'reviewing'], '制定服务计划');
  const plan = { goals: body.goals.map((text) => ({ text, achieved: null, note: '' })), at: new Date(), by: actor.userId };
  return change(actor, scope, current, { plan }, current.status === 'assessed' ? 'planned' : undefined);
}

/** Intervention record 服务记录: the first one starts the service. */
export async function addIntervention(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof CaseInterventionInput>) {
  const current = await cases.get(scope, id);
  assertIn(CASE_LIFECYCLE, WHAT, current.status, ['planned', 'in_service', 'reviewing'], '记录服务');
  const entry = { ...body, by: { id: actor.userId, name: actor.displayName }, at: new Date() };
  return change(actor, scope, current, {}, current.status === 'reviewing' ? undefined : 'in_service', { interventions: entry });
}

/** Review of goals 目标回顾. */
export async function reviewCase(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof CaseReview>) {
  const current = await cases.get(scope, id);
  assertIn(CASE_LIFECYCLE, WHAT, current.status, ['in_service', 'reviewing'], '回顾目标');
  const goals = [...(current.plan?.goals ?? [])];
  for (const g of body.goals) {
    if (!goals[g.index]) throw badRequest('unknown_goal', `服务目标 ${g.index + 1} 不存在`);
    goals[g.index] = { ...goals[g.index]!, achieved: g.achieved, note: g.note };
  }
  return change(actor, scope, current, { plan: { ...current.plan!, goals } }, 'reviewing', {
    reviews: { at: new Date(), by: actor.userId, note: body.note },
  });
}

/** Closure 结案 with reason and outcome, and optionally the person's satisfaction. */
export async function closeCase(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof CaseClose>) {
  const current = await cases.get(scope, id);
  assertMove(CASE_LIFECYCLE, WHAT, current.status, 'closed');
  const now = new Date();
  const closed = await change(
    actor,
    scope,
    current,
    { closure: { reason: body.reason, outcome: body.outcome, at: now, by: actor.userId }, closedAt: now },
    'closed',
  );
  if (body.satisfaction) {
    await recordSatisfaction({
      actor,
      scope,
      subject: { kind: 'case', id },
      input: { ...body.satisfaction, personName: body.satisfaction.personName || closed.personName },
    });
  }
  return closed;
}

/** Reopens a closed case. */
export async function reopenCase(actor: Actor, scope: StationScope, id: string) {
  const current = await cases.get(scope, id);
  return change(actor, scope, current, { closure: null, closedAt: null }, 'in_service');
}

export function listCases(scope: StationScope, query: z.infer<typeof CaseListQuery>): Promise<Page<CaseDoc>> {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.householdId) filter.householdId = query.householdId;
  return cases.page(scope, filter as ScopedFilter<CaseDoc>, { limit: query.limit, cursor: query.cursor });
}
