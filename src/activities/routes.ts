import type { z } from 'zod';
import { maySeeSensitive, narrowScope, type Actor } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { audit } from '../audit/audit.js';
import { maskName } from '../households/presenter.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { IdParams, pageOf } from '../station-work/schema.js';
import type { ActivityDoc } from './repository.js';
import { ActivityCreate, ActivityListQuery, ActivityTransition, ActivityView, ActivityVolunteerParams } from './schema.js';
import { confirmActivityHours, createActivity, getActivity, listActivities, moveActivity } from './service.js';

function present(a: ActivityDoc, full: boolean): z.infer<typeof ActivityView> {
  return {
    id: idOf(a),
    stationCode: a.stationCode,
    title: a.title,
    date: a.date,
    place: a.place,
    kind: a.kind,
    organisers: a.organisers.map((o) => ({ kind: o.kind, name: o.name, id: o.id ?? null })),
    participants: a.participants,
    signIns: a.signIns.map((n) => (full ? n : maskName(n))),
    volunteers: a.volunteers.map((v) => ({ volunteerId: v.volunteerId, name: v.name, hours: v.hours, confirmed: Boolean(v.confirmedAt) })),
    resources: a.resources.map((r) => ({ id: r.id ?? null, title: r.title })),
    note: a.note,
    status: a.status,
    masked: !full,
  };
}

async function presentFor(actor: Actor, docs: ActivityDoc[], requestId?: string) {
  const views = docs.map((a) => present(a, maySeeSensitive(actor, a.stationCode)));
  for (const v of views.filter((x) => !x.masked && x.signIns.length)) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'activity',
      entityIds: [v.id],
      fields: ['signIns'],
      stationCode: v.stationCode,
      requestId,
    });
  }
  return views;
}

/** Community activities 社区活动: coordinators and the county admin. */
export function activityRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/activities', ['activities'])
    .route(
      { method: 'post', path: '/', summary: '登记社区活动', guard: [staff], body: ActivityCreate, response: ActivityView, status: 201 },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await createActivity(actor, narrowScope(actor), body)], req.id))[0];
      },
    )
    .route(
      { method: 'get', path: '/', summary: '社区活动列表', guard: [staff], query: ActivityListQuery, response: pageOf(ActivityView) },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listActivities(narrowScope(actor, query.stationCode), query);
        return { items: await presentFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '社区活动详情', guard: [staff], params: IdParams, response: ActivityView },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await getActivity(narrowScope(actor), params.id)], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/transitions',
        summary: '变更活动状态（举办/取消）',
        guard: [staff],
        params: IdParams,
        body: ActivityTransition,
        response: ActivityView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await moveActivity(actor, narrowScope(actor), params.id, body)], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/volunteers/:volunteerId/confirm',
        summary: '确认志愿者服务时长',
        guard: [staff],
        params: ActivityVolunteerParams,
        response: ActivityView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await confirmActivityHours(actor, narrowScope(actor), params.id, params.volunteerId)], req.id))[0];
      },
    );
}
