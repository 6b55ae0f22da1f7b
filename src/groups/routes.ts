import type { z } from 'zod';
import { maySeeSensitive, narrowScope, type Actor } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { audit } from '../audit/audit.js';
import { maskName } from '../households/presenter.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { IdParams, pageOf } from '../station-work/schema.js';
import type { GroupDoc } from './repository.js';
import { GroupClose, GroupCreate, GroupListQuery, GroupSessionInput, GroupView } from './schema.js';
import { closeGroup, createGroup, getGroup, listGroups, recordSession } from './service.js';

function present(g: GroupDoc, full: boolean): z.infer<typeof GroupView> {
  const name = (n: string) => (full ? n : maskName(n));
  return {
    id: idOf(g),
    stationCode: g.stationCode,
    name: g.name,
    aim: g.aim,
    targetMembers: g.targetMembers,
    leader: { id: g.leader.id, name: g.leader.name },
    members: g.members.map((m) => ({ name: name(m.name), householdId: m.householdId ?? null })),
    plannedSessions: g.plannedSessions,
    sessions: g.sessions.map((s) => ({ no: s.no, date: s.date, content: s.content, attendance: s.attendance.map(name) })),
    sessionCount: g.sessions.length,
    attendanceCount: g.sessions.reduce((n, s) => n + s.attendance.length, 0),
    evaluation: g.evaluation?.text ?? null,
    status: g.status,
    masked: !full,
  };
}

/** Member names are personal data: shown in full to the station's staff, and audited. */
async function presentFor(actor: Actor, docs: GroupDoc[], requestId?: string) {
  const views = docs.map((g) => present(g, maySeeSensitive(actor, g.stationCode)));
  for (const v of views.filter((x) => !x.masked && x.members.length)) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'group',
      entityIds: [v.id],
      fields: ['members.name'],
      stationCode: v.stationCode,
      requestId,
    });
  }
  return views;
}

/** Group work 小组: coordinators and the county admin. */
export function groupRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/groups', ['groups'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '建立小组（目标、成员、计划节数）',
        guard: [staff],
        body: GroupCreate,
        response: GroupView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await createGroup(actor, narrowScope(actor), body)], req.id))[0];
      },
    )
    .route(
      { method: 'get', path: '/', summary: '小组列表', guard: [staff], query: GroupListQuery, response: pageOf(GroupView) },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listGroups(narrowScope(actor, query.stationCode), query);
        return { items: await presentFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '小组详情', guard: [staff], params: IdParams, response: GroupView },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await getGroup(narrowScope(actor), params.id)], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/sessions',
        summary: '记录小组活动场次与签到',
        guard: [staff],
        params: IdParams,
        body: GroupSessionInput,
        response: GroupView,
        status: 201,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await recordSession(actor, narrowScope(actor), params.id, body)], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/close',
        summary: '小组结束与总结评估',
        guard: [staff],
        params: IdParams,
        body: GroupClose,
        response: GroupView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await closeGroup(actor, narrowScope(actor), params.id, body)], req.id))[0];
      },
    );
}
