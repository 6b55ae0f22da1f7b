import { z } from 'zod';
import { scopeOf, subjectScopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { AssignmentView, presentAssignment } from './presenter.js';
import { assignments } from './repository.js';
import { assignByHand, reassign } from './hand-pick.js';
import {
  acceptAssignment,
  assignmentForResponder,
  assignmentInScope,
  cancelAssignment,
  completeAssignment,
  declineAssignment,
  startAssignment,
} from './service.js';

const IdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i, '任务编号格式不正确') });
const AssignBody = z
  .object({
    needId: z.string().regex(/^[a-f0-9]{24}$/i),
    candidate: z.object({ kind: z.enum(['volunteer', 'organisation', 'resource']), id: z.string().min(1).max(64) }),
    amount: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();
const ReasonBody = z.object({ reason: z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因最多 200 个字') }).strict();
const ReassignBody = z
  .object({
    reason: ReasonBody.shape.reason,
    candidate: z.object({ kind: z.enum(['volunteer', 'organisation', 'resource']), id: z.string().min(1).max(64) }).strict(),
    amount: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();
const CompleteBody = z
  .object({
    hours: z.number().gt(0).max(24).optional(),
    feedback: z.string().max(500).optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict();
const ListQuery = z.object({
  status: z.enum(['pending', 'accepted', 'in_progress', 'completed', 'declined', 'cancelled', 'expired']).optional(),
  needId: z
    .string()
    .regex(/^[a-f0-9]{24}$/i)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The assignment workflow: assign, accept / decline, start, complete with hours, cancel. */
export function assignmentRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  const responder = auth.guard('volunteer', 'organisation');
  const anyone = auth.guard();
  return new ApiRouter(registry, '/api/assignments', ['assignments'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '指派需求给候选人（原子占用名额/数量）',
        guard: [staff],
        body: AssignBody,
        response: AssignmentView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const done = await assignByHand({
          actor,
          scope: scopeOf(actor),
          needId: body.needId,
          candidate: body.candidate,
          amount: body.amount,
        });
        return presentAssignment(actor, done.assignment, req.id, done.need);
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '任务列表（社工看本站，志愿者/组织/慈善看自己的）',
        guard: [anyone],
        query: ListQuery,
        response: z.array(AssignmentView),
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const subject = subjectScopeOf(actor);
        const rows =
          actor.role === 'coordinator' || actor.role === 'admin'
            ? await assignments.listInScope(scopeOf(actor), query)
            : subject
              ? await assignments.listForSubject(subject, query)
              : [];
        return Promise.all(rows.map((a) => presentAssignment(actor, a, req.id)));
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: '任务详情（分阶段披露服务对象信息）',
        guard: [anyone],
        params: IdParams,
        response: AssignmentView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const a =
          actor.role === 'coordinator' || actor.role === 'admin'
            ? await assignmentInScope(scopeOf(actor), params.id)
            : await assignmentForResponder(actor, params.id);
        return presentAssignment(actor, a, req.id);
      },
    )
    .route(
      { method: 'post', path: '/:id/accept', summary: '接受任务', guard: [responder], params: IdParams, response: AssignmentView },
      async ({ params }, req) => {
        const done = await acceptAssignment({ actor: actorOf(req), id: params.id });
        return presentAssignment(actorOf(req), done.assignment, req.id, done.need);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/decline',
        summary: '婉拒任务（需填写原因）',
        guard: [responder],
        params: IdParams,
        body: ReasonBody,
        response: AssignmentView,
      },
      async ({ params, body }, req) => {
        const done = await declineAssignment({ actor: actorOf(req), id: params.id, reason: body.reason });
        return presentAssignment(actorOf(req), done.assignment, req.id, done.need);
      },
    )
    .route(
      { method: 'post', path: '/:id/start', summary: '开始服务', guard: [responder], params: IdParams, response: AssignmentView },
      async ({ params }, req) => {
        const done = await startAssignment({ actor: actorOf(req), id: params.id });
        return presentAssignment(actorOf(req), done.assignment, req.id, done.need);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/complete',
        summary: '完成服务并登记时长',
        guard: [anyone],
        params: IdParams,
        body: CompleteBody,
        response: AssignmentView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const assignment =
          actor.role === 'coordinator' || actor.role === 'admin'
            ? await assignmentInScope(scopeOf(actor), params.id)
            : await assignmentForResponder(actor, params.id);
        const done = await completeAssignment({ actor, assignment, ...body });
        return presentAssignment(actor, done.assignment, req.id, done.need);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/cancel',
        summary: '取消任务（需填写原因）',
        guard: [staff],
        params: IdParams,
        body: ReasonBody,
        response: AssignmentView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentAssignment(
          actor,
          await cancelAssignment({ actor, scope: scopeOf(actor), id: params.id, reason: body.reason }),
          req.id,
        );
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/reassign',
        summary: '取消当前指派（需填写原因）并改派给另一位候选（不符合硬性规则时说明原因）',
        guard: [staff],
        params: IdParams,
        body: ReassignBody,
        response: z.object({ cancelled: AssignmentView, assignment: AssignmentView }),
        status: 201,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const done = await reassign({ actor, scope: scopeOf(actor), id: params.id, ...body });
        return {
          cancelled: await presentAssignment(actor, done.cancelled, req.id),
          assignment: await presentAssignment(actor, done.assignment, req.id),
        };
      },
    );
}
