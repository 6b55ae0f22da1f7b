import { narrowScope, scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { presentHouseholdsFor } from './presenter.js';
import { HouseholdProfileSchema, householdProfile } from './profile.js';
import {
  HouseholdCreateSchema,
  HouseholdIdSchema,
  HouseholdListQuerySchema,
  HouseholdPageSchema,
  HouseholdPatchSchema,
  HouseholdViewSchema,
} from './schema.js';
import { archiveHousehold, createHousehold, getHousehold, listHouseholds, updateHousehold } from './service.js';

/**
 * Households and beneficiaries 服务对象: only the station's coordinators and the county admin read or
 * write them. Volunteers, organisations and charities have no business listing beneficiaries (403);
 * what they need of a household reaches them through an assignment, presented there.
 */
export function householdRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const readers = auth.guard('coordinator', 'admin');
  const writers = readers;
  return new ApiRouter(registry, '/api/households', ['households'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '登记服务对象户',
        guard: [writers],
        body: HouseholdCreateSchema,
        response: HouseholdViewSchema,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const doc = await createHousehold({ scope: scopeOf(actor), by: actor.userId, input: body });
        return (await presentHouseholdsFor(actor, [doc], req.id))[0];
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '服务对象户列表（游标分页）',
        guard: [readers],
        query: HouseholdListQuerySchema,
        response: HouseholdPageSchema,
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listHouseholds(narrowScope(actor, query.stationCode), query);
        return { items: await presentHouseholdsFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: '服务对象户详情',
        guard: [readers],
        params: HouseholdIdSchema,
        response: HouseholdViewSchema,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const doc = await getHousehold(scopeOf(actor), params.id);
        return (await presentHouseholdsFor(actor, [doc], req.id))[0];
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/profile',
        summary: '服务对象档案：成员、类别、每项需求及结果、探访、指派、转介、个案',
        guard: [readers],
        params: HouseholdIdSchema,
        response: HouseholdProfileSchema,
      },
      ({ params }, req) => householdProfile(actorOf(req), params.id, req.id),
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改服务对象户',
        guard: [writers],
        params: HouseholdIdSchema,
        body: HouseholdPatchSchema,
        response: HouseholdViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const doc = await updateHousehold({ scope: scopeOf(actor), id: params.id, patch: body });
        return (await presentHouseholdsFor(actor, [doc], req.id))[0];
      },
    )
    .route(
      { method: 'delete', path: '/:id', summary: '归档服务对象户', guard: [writers], params: HouseholdIdSchema, status: 204 },
      async ({ params }, req) => {
        await archiveHousehold(scopeOf(actorOf(req)), params.id);
      },
    );
}
