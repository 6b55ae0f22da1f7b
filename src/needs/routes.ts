import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { presentNeed, presentNeedDetail } from './presenter.js';
import {
  NeedCreateSchema,
  NeedIdSchema,
  NeedListQuerySchema,
  NeedPageSchema,
  NeedPatchSchema,
  NeedTransitionSchema,
  NeedViewSchema,
} from './schema.js';
import { createNeed, getNeed, listNeeds, transitionNeed, updateNeed } from './service.js';

/**
 * Needs 需求清单: only the station's coordinators and the county admin read or write them. A need's
 * free text may describe a person, so volunteers and organisations learn of a need through the
 * assignments offered to them (staged disclosure) and charities only through their allocations.
 */
export function needRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const writers = auth.guard('coordinator', 'admin');
  const readers = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/needs', ['needs'])
    .route(
      { method: 'post', path: '/', summary: '登记需求', guard: [writers], body: NeedCreateSchema, response: NeedViewSchema, status: 201 },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return presentNeed(await createNeed({ scope: scopeOf(actor), actor, input: body }));
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '需求清单（筛选、排序、游标分页）',
        guard: [readers],
        query: NeedListQuerySchema,
        response: NeedPageSchema,
      },
      async ({ query }, req) => {
        const page = await listNeeds(scopeOf(actorOf(req)), query);
        return { items: page.items.map(presentNeed), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '需求详情', guard: [readers], params: NeedIdSchema, response: NeedViewSchema },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentNeedDetail(actor, await getNeed(scopeOf(actor), params.id), req.id);
      },
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改需求',
        guard: [writers],
        params: NeedIdSchema,
        body: NeedPatchSchema,
        response: NeedViewSchema,
      },
      async ({ params, body }, req) => presentNeed(await updateNeed({ scope: scopeOf(actorOf(req)), id: params.id, patch: body })),
    )
    .route(
      {
        method: 'post',
        path: '/:id/transitions',
        summary: '变更需求状态（非法变更返回 409 及允许的目标状态）',
        guard: [writers],
        params: NeedIdSchema,
        body: NeedTransitionSchema,
        response: NeedViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentNeed(await transitionNeed({ scope: scopeOf(actor), actor, id: params.id, to: body.to, note: body.note }));
      },
    );
}
