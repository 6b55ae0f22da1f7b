import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, pageOf } from '../supply/schemas.js';
import { allocateForStaff } from './allocate.js';
import { oneWithRemaining } from './allocations.js';
import { postResource } from './post.js';
import { presentAllocations, presentResource } from './presenter.js';
import { getResource, listResources } from './queries.js';
import {
  AllocationBodySchema,
  AllocationResult,
  AllocationView,
  ResourceListQuery,
  ResourcePatchSchema,
  ResourcePostSchema,
  ResourceView,
} from './schema.js';
import { updateOwnResource, withdrawOwnResource } from './update.js';

/** Charity resources: charities post and manage their own; staff list and allocate them. */
export function resourceRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const charity = auth.guard('charity');
  const readers = auth.guard('charity', 'coordinator', 'admin');
  return new ApiRouter(registry, '/api/resources', ['resources'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '发布慈善资源（慈善组织）',
        guard: [charity],
        body: ResourcePostSchema,
        response: ResourceView,
        status: 201,
      },
      async ({ body }, req) => presentResource(await oneWithRemaining(await postResource({ actor: actorOf(req), input: body }))),
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '慈善资源列表（慈善组织仅见自己的）',
        guard: [readers],
        query: ResourceListQuery,
        response: pageOf(ResourceView),
      },
      async ({ query }, req) => {
        const page = await listResources(actorOf(req), query);
        return { items: page.items.map((r) => presentResource(r)), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '慈善资源详情', guard: [readers], params: IdParams, response: ResourceView },
      async ({ params }, req) => presentResource(await getResource(actorOf(req), params.id)),
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改慈善资源说明（仅发布者；数量只能通过分配减少）',
        guard: [charity],
        params: IdParams,
        body: ResourcePatchSchema,
        response: ResourceView,
      },
      async ({ params, body }, req) =>
        presentResource(await oneWithRemaining(await updateOwnResource({ actor: actorOf(req), id: params.id, patch: body }))),
    )
    .route(
      {
        method: 'post',
        path: '/:id/withdraw',
        summary: '撤回慈善资源（仅发布者）',
        guard: [charity],
        params: IdParams,
        response: ResourceView,
      },
      async ({ params }, req) => presentResource(await oneWithRemaining(await withdrawOwnResource({ actor: actorOf(req), id: params.id }))),
    )
    .route(
      {
        method: 'get',
        path: '/:id/allocations',
        summary: '资源去向（慈善组织看不到服务对象）',
        guard: [readers],
        params: IdParams,
        response: z.array(AllocationView),
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentAllocations(actor, await getResource(actor, params.id));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/allocations',
        summary: '分配慈善资源给需求（驻站社工、县级管理员）',
        guard: [auth.guard('coordinator', 'admin')],
        params: IdParams,
        body: AllocationBodySchema,
        response: AllocationResult,
        status: 201,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const { resource, allocation } = await allocateForStaff({ actor, resourceId: params.id, input: body });
        const [view] = await presentAllocations(actor, resource, [allocation]);
        return { allocation: view!, remaining: resource.remaining, status: resource.status };
      },
    );
}
