import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, pageOf } from '../supply/schemas.js';
import { hoursTotals, volunteerHoursByMonth } from './hours.js';
import { presentVolunteer, presentVolunteerFor, presentVolunteerList } from './presenter.js';
import { ownSubject, ownVolunteer, updateOwnVolunteer } from './profile.js';
import { narrowScope } from '../auth/actor.js';
import { getVolunteer, listVolunteers } from './queries.js';
import { registerVolunteer } from './register.js';
import { approveVolunteer, rejectVolunteer, verifyVolunteerCertifications } from './review.js';
import {
  HoursSummaryQuery,
  HoursSummaryView,
  VolunteerListQuery,
  VolunteerPatchSchema,
  VolunteerRegisterSchema,
  VolunteerReviewSchema,
  VolunteerView,
} from './schema.js';

/** Volunteer self-registration, own profile, station review and service-hour totals. */
export function volunteerRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/volunteers', ['volunteers'])
    .route(
      {
        method: 'post',
        path: '/register',
        summary: '志愿者自助注册（待社工站审核）',
        body: VolunteerRegisterSchema,
        response: VolunteerView,
        status: 201,
      },
      async ({ body }) => presentVolunteer(await registerVolunteer({ input: body, auth }), { fullPhone: true, active: 0 }),
    )
    .route(
      { method: 'get', path: '/me', summary: '我的志愿者资料', guard: [auth.guard('volunteer')], response: VolunteerView },
      async (_i, req) => presentVolunteerFor(actorOf(req), await ownVolunteer(actorOf(req))),
    )
    .route(
      {
        method: 'patch',
        path: '/me',
        summary: '修改我的志愿者资料',
        guard: [auth.guard('volunteer')],
        body: VolunteerPatchSchema,
        response: VolunteerView,
      },
      async ({ body }, req) => presentVolunteerFor(actorOf(req), await updateOwnVolunteer({ actor: actorOf(req), patch: body })),
    )
    .route(
      { method: 'get', path: '/me/hours', summary: '我的服务时长（按月）', guard: [auth.guard('volunteer')], response: HoursSummaryView },
      async (_i, req) => volunteerHoursByMonth(ownSubject(actorOf(req))),
    )
    .route(
      {
        method: 'get',
        path: '/hours/summary',
        summary: '服务时长统计（按志愿者、月份或社工站）',
        guard: [staff],
        query: HoursSummaryQuery,
        response: HoursSummaryView,
      },
      async ({ query }, req) => hoursTotals(narrowScope(actorOf(req), query.stationCode), { by: query.by, month: query.month }),
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '志愿者列表（手机号脱敏）',
        guard: [staff],
        query: VolunteerListQuery,
        response: pageOf(VolunteerView),
      },
      async ({ query }, req) => {
        const page = await listVolunteers(actorOf(req), query);
        return { items: await presentVolunteerList(page.items), nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: '志愿者详情（本站社工可见完整手机号，留痕）',
        guard: [auth.guard('coordinator', 'admin', 'volunteer')],
        params: IdParams,
        response: VolunteerView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentVolunteerFor(actor, await getVolunteer(actor, params.id), req.id);
      },
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改志愿者资料（仅本人）',
        guard: [auth.guard('volunteer')],
        params: IdParams,
        body: VolunteerPatchSchema,
        response: VolunteerView,
      },
      async ({ params, body }, req) =>
        presentVolunteerFor(actorOf(req), await updateOwnVolunteer({ actor: actorOf(req), id: params.id, patch: body })),
    )
    .route(
      {
        method: 'post',
        path: '/:id/approve',
        summary: '审核通过志愿者',
        guard: [staff],
        params: IdParams,
        body: VolunteerReviewSchema,
        response: VolunteerView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentVolunteerFor(actor, await approveVolunteer({ actor, id: params.id, note: body.note }), req.id);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/reject',
        summary: '审核不通过或撤销志愿者资格',
        guard: [staff],
        params: IdParams,
        body: VolunteerReviewSchema,
        response: VolunteerView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentVolunteerFor(actor, await rejectVolunteer({ actor, id: params.id, note: body.note }), req.id);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/certifications/verify',
        summary: '核验志愿者申报的证书（计入匹配）',
        guard: [staff],
        params: IdParams,
        response: VolunteerView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentVolunteerFor(actor, await verifyVolunteerCertifications({ actor, id: params.id }), req.id);
      },
    );
}
