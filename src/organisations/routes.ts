import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, RegistrationPendingView, pageOf } from '../supply/schemas.js';
import { registerWithoutEnumeration } from '../supply/register-account.js';
import { presentOrganisationFor, presentOrganisationList } from './presenter.js';
import { ownOrganisation, updateOwnOrganisation } from './profile.js';
import { getOrganisation, listOrganisations } from './queries.js';
import { registerOrganisation } from './register.js';
import { approveOrganisation, rejectOrganisation } from './review.js';
import {
  OrganisationListQuery,
  OrganisationPatchSchema,
  OrganisationRegisterSchema,
  OrganisationReviewSchema,
  OrganisationView,
} from './schema.js';

/** Organisation registration, own profile, and review by the home station. */
export function organisationRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  const self = auth.guard('organisation');
  return new ApiRouter(registry, '/api/organisations', ['organisations'])
    .route(
      {
        method: 'post',
        path: '/register',
        summary: '社会组织注册（待社工站审核）',
        body: OrganisationRegisterSchema,
        response: RegistrationPendingView,
        status: 202,
      },
      async ({ body }) =>
        registerWithoutEnumeration({
          phone: body.phone,
          password: body.password,
          register: () => registerOrganisation({ input: body, auth }),
        }),
    )
    .route({ method: 'get', path: '/me', summary: '本组织资料', guard: [self], response: OrganisationView }, async (_i, req) =>
      presentOrganisationFor(actorOf(req), await ownOrganisation(actorOf(req))),
    )
    .route(
      { method: 'patch', path: '/me', summary: '修改本组织资料', guard: [self], body: OrganisationPatchSchema, response: OrganisationView },
      async ({ body }, req) => presentOrganisationFor(actorOf(req), await updateOwnOrganisation({ actor: actorOf(req), patch: body })),
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '社会组织列表（电话脱敏）',
        guard: [staff],
        query: OrganisationListQuery,
        response: pageOf(OrganisationView),
      },
      async ({ query }, req) => {
        const page = await listOrganisations(actorOf(req), query);
        return { items: await presentOrganisationList(page.items), nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: '社会组织详情（本站社工可见完整电话，留痕）',
        guard: [auth.guard('coordinator', 'admin', 'organisation')],
        params: IdParams,
        response: OrganisationView,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentOrganisationFor(actor, await getOrganisation(actor, params.id), req.id);
      },
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改社会组织资料（仅本组织）',
        guard: [self],
        params: IdParams,
        body: OrganisationPatchSchema,
        response: OrganisationView,
      },
      async ({ params, body }, req) =>
        presentOrganisationFor(actorOf(req), await updateOwnOrganisation({ actor: actorOf(req), id: params.id, patch: body })),
    )
    .route(
      {
        method: 'post',
        path: '/:id/approve',
        summary: '审核通过社会组织',
        guard: [staff],
        params: IdParams,
        body: OrganisationReviewSchema,
        response: OrganisationView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentOrganisationFor(actor, await approveOrganisation({ actor, id: params.id, note: body.note }), req.id);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/reject',
        summary: '审核不通过或撤销社会组织',
        guard: [staff],
        params: IdParams,
        body: OrganisationReviewSchema,
        response: OrganisationView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentOrganisationFor(actor, await rejectOrganisation({ actor, id: params.id, note: body.note }), req.id);
      },
    );
}
