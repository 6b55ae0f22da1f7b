import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, RegistrationPendingView, pageOf } from '../supply/schemas.js';
import { registerWithoutEnumeration } from '../supply/register-account.js';
import { stationsForRegistration } from '../supply/registration-stations.js';
import { z } from 'zod';
import { confirmServiceHours, hoursTotals, pendingServiceHours, volunteerHoursByMonth, volunteerHoursReport } from './hours.js';
import { presentHoursEntries } from './hours-presenter.js';
import { presentVolunteerFor, presentVolunteerList } from './presenter.js';
import { ownSubject, ownVolunteer, updateOwnVolunteer } from './profile.js';
import { narrowScope } from '../auth/actor.js';
import { getVolunteer, listVolunteers } from './queries.js';
import { registerVolunteer } from './register.js';
import { approveVolunteer, rejectVolunteer, verifyVolunteerCertifications } from './review.js';
import {
  HoursConfirmSchema,
  HoursEntryView,
  HoursSummaryQuery,
  HoursSummaryView,
  MyHoursView,
  PendingHoursQuery,
  PendingHoursView,
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
        response: RegistrationPendingView,
        status: 202,
      },
      async ({ body }) =>
        registerWithoutEnumeration({
          phone: body.phone,
          password: body.password,
          register: () => registerVolunteer({ input: body, auth }),
        }),
    )
    .route(
      {
        method: 'get',
        path: '/register/stations',
        summary: '可报名的社工站及其村(社区)（公开）',
        response: z.array(
          z.object({ code: z.string(), name: z.string(), communities: z.array(z.object({ code: z.string(), name: z.string() })) }),
        ),
      },
      () => stationsForRegistration(),
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
        path: '/me/hours/report',
        summary: '我的服务时长：按月合计（含累计）与最近记录（含待确认）',
        guard: [auth.guard('volunteer')],
        response: MyHoursView,
      },
      async (_i, req) => {
        const report = await volunteerHoursReport(ownSubject(actorOf(req)));
        return { ...report, entries: await presentHoursEntries(null, report.entries) };
      },
    )
    .route(
      {
        method: 'get',
        path: '/hours/pending',
        summary: '待确认的服务时长（志愿者完成任务时填报）',
        guard: [staff],
        query: PendingHoursQuery,
        response: PendingHoursView,
      },
      async ({ query }, req) => {
        const scope = narrowScope(actorOf(req), query.stationCode);
        const page = await pendingServiceHours(scope, { volunteerId: query.volunteerId, limit: query.limit });
        return { items: await presentHoursEntries(scope, page.items), total: page.total };
      },
    )
    .route(
      {
        method: 'post',
        path: '/hours/:id/confirm',
        summary: '确认或更正志愿者填报的服务时长（保留原始数值，留痕）',
        guard: [staff],
        params: IdParams,
        body: HoursConfirmSchema,
        response: HoursEntryView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const scope = narrowScope(actor);
        const entry = await confirmServiceHours({ actor, scope, id: params.id, input: body, requestId: req.id });
        return (await presentHoursEntries(scope, [entry]))[0]!;
      },
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
