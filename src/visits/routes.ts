import { z } from 'zod';
import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { presentNeed } from '../needs/presenter.js';
import { NeedViewSchema } from '../needs/schema.js';
import { monthOf } from '../shared/china-time.js';
import { presentVisitRecordsFor, presentVisitTasksFor } from './presenter.js';
import { completeVisitTask, followUpFinding, getVisitRecord, recordVisit } from './records.js';
import {
  IdParams,
  VisitAssignBody,
  VisitFollowUpBody,
  VisitRecordCreate,
  VisitRecordQuery,
  VisitRecordView,
  VisitTaskPage,
  VisitTaskQuery,
  VisitTaskView,
} from './schema.js';
import { assignVisitTask, headNames, listVisitRecords, listVisitTasks } from './service.js';

/**
 * Monthly visits of key targets 重点对象探访: the month's list with progress toward 100%, who is
 * responsible, visit records (backdated up to VISIT_BACKDATE_DAYS), and findings turned into needs.
 * Staff (coordinators, county admin) read and write; a volunteer sees and records only the visits
 * assigned to them.
 */
export function visitRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  const staffOrVolunteer = auth.guard('coordinator', 'admin', 'volunteer');
  return new ApiRouter(registry, '/api/visits', ['visits'])
    .route(
      {
        method: 'get',
        path: '/',
        summary: '重点对象月度探访清单（按村(社区)、负责人筛选，含完成进度）',
        guard: [staffOrVolunteer],
        query: VisitTaskQuery,
        response: VisitTaskPage,
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const month = query.month ?? monthOf(new Date());
        const { page, progress, names } = await listVisitTasks(actor, narrowScope(actor, query.stationCode), query, month);
        return { items: await presentVisitTasksFor(actor, page.items, names, req.id), nextCursor: page.nextCursor, progress };
      },
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '指定探访负责人（社工或志愿者）',
        guard: [staff],
        params: IdParams,
        body: VisitAssignBody,
        response: VisitTaskView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const task = await assignVisitTask(narrowScope(actor), params.id, body);
        const [view] = await presentVisitTasksFor(actor, [task], await headNames(narrowScope(actor), [task.householdId]), req.id);
        return view;
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/complete',
        summary: '登记探访完成（当即入户，详情请用探访记录）',
        guard: [staffOrVolunteer],
        params: IdParams,
        body: z.object({ note: z.string().trim().max(2000).optional() }).strict(),
        response: VisitRecordView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const record = await completeVisitTask({ actor, scope: narrowScope(actor), taskId: params.id, note: body.note });
        return (await presentVisitRecordsFor(actor, [record], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/records',
        summary: '登记探访（可补录，入户/电话/视频/其他）',
        guard: [staffOrVolunteer],
        body: VisitRecordCreate,
        response: VisitRecordView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const record = await recordVisit({ actor, scope: narrowScope(actor), input: body });
        return (await presentVisitRecordsFor(actor, [record], req.id))[0];
      },
    )
    .route(
      {
        method: 'get',
        path: '/records',
        summary: '探访记录',
        guard: [staffOrVolunteer],
        query: VisitRecordQuery,
        response: z.object({ items: z.array(VisitRecordView), nextCursor: z.string().nullable() }),
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listVisitRecords(actor, narrowScope(actor, query.stationCode), query);
        return { items: await presentVisitRecordsFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'get',
        path: '/records/:id',
        summary: '探访记录详情',
        guard: [staffOrVolunteer],
        params: IdParams,
        response: VisitRecordView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const record = await getVisitRecord(actor, narrowScope(actor), params.id);
        return (await presentVisitRecordsFor(actor, [record], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/records/:id/follow-ups',
        summary: '将探访发现转为需求（关联该次探访）',
        guard: [staff],
        params: IdParams,
        body: VisitFollowUpBody,
        response: z.object({ record: VisitRecordView, need: NeedViewSchema }),
        status: 201,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const { record, need } = await followUpFinding({ actor, scope: narrowScope(actor), id: params.id, body });
        const [view] = await presentVisitRecordsFor(actor, [record], req.id);
        return { record: view, need: presentNeed(need) };
      },
    );
}
