import { scopeOf, type Actor, type StationScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { assignments } from '../assignments/repository.js';
import type { NeedDoc } from './model.js';
import { readBoardCounts, readNeedList } from './list-reads.js';
import { needContext } from './people.js';
import { presentNeed, presentNeedDetail, presentNeedList } from './presenter.js';
import {
  BoardCountsSchema,
  NeedCloseSchema,
  NeedCreateSchema,
  NeedIdSchema,
  NeedListQuerySchema,
  NeedPageSchema,
  NeedPatchSchema,
  NeedReopenSchema,
  NeedTransitionSchema,
  NeedViewSchema,
} from './schema.js';
import { z } from 'zod';
import { boardCounts, closeNeed, createNeed, getNeed, reopenNeed, transitionNeed, updateNeed } from './service.js';

/** A need after a write, as its author sees it (names looked up; the author just typed the phone). */
async function presentWritten(scope: StationScope, n: NeedDoc) {
  return presentNeed(n, await needContext(scope, [n]), false);
}

const CountsQuery = z
  .object({
    stationCode: z
      .string()
      .regex(/^\d{9}$/, '社工站编码应为 9 位数字')
      .optional(),
  })
  .strict();

/**
 * Needs 需求清单: only the station's coordinators and the county admin read or write them. A need's
 * free text may describe a person, so volunteers and organisations learn of a need through the
 * assignments offered to them (staged disclosure) and charities only through their allocations.
 */
export function needRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const writers = auth.guard('coordinator', 'admin');
  const readers = auth.guard('coordinator', 'admin');
  const scoped = (actor: Actor) => scopeOf(actor);
  return new ApiRouter(registry, '/api/needs', ['needs'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '登记需求（来访、热线、入户；可当场新建服务对象户）',
        guard: [writers],
        body: NeedCreateSchema,
        response: NeedViewSchema,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return presentWritten(scoped(actor), await createNeed({ scope: scoped(actor), actor, input: body }));
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '需求清单（筛选、按人/电话/村/文字查找、排序、分页，附总数）',
        guard: [readers],
        query: NeedListQuerySchema,
        response: NeedPageSchema,
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const scope = scoped(actor);
        const { page, context } = await readNeedList(scope, query);
        const items = await presentNeedList(actor, page.items, context, req.id);
        return { items, nextCursor: page.nextCursor, total: page.total };
      },
    )
    .route(
      {
        method: 'get',
        path: '/counts',
        summary: '看板计数（真实总数：待匹配、紧急、等待回复、进行中）',
        guard: [readers],
        query: CountsQuery,
        response: BoardCountsSchema,
      },
      async ({ query }, req) => {
        const scope = scoped(actorOf(req));
        return readBoardCounts(scope, query.stationCode, async () => {
          const [needCounts, assignmentCounts] = await Promise.all([
            boardCounts(scope, query.stationCode),
            assignments.activeCounts(scope, query.stationCode),
          ]);
          return { ...needCounts, ...assignmentCounts };
        });
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: '需求详情（含服务对象姓名、村和电话，读取留痕）',
        guard: [readers],
        params: NeedIdSchema,
        response: NeedViewSchema,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const need = await getNeed(scoped(actor), params.id);
        return presentNeedDetail(actor, need, await needContext(scoped(actor), [need]), req.id);
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
      async ({ params, body }, req) => {
        const scope = scoped(actorOf(req));
        return presentWritten(scope, await updateNeed({ scope, id: params.id, patch: body }));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/close',
        summary: '关闭需求并注明原因（已在别处解决、撤回、重复、无法联系）',
        guard: [writers],
        params: NeedIdSchema,
        body: NeedCloseSchema,
        response: NeedViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const scope = scoped(actor);
        return presentWritten(scope, await closeNeed({ scope, actor, id: params.id, reason: body.reason, note: body.note }));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/reopen',
        summary: '重新打开已关闭的需求',
        guard: [writers],
        params: NeedIdSchema,
        body: NeedReopenSchema,
        response: NeedViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const scope = scoped(actor);
        return presentWritten(scope, await reopenNeed({ scope, actor, id: params.id, note: body.note }));
      },
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
        const scope = scoped(actor);
        return presentWritten(scope, await transitionNeed({ scope, actor, id: params.id, to: body.to, note: body.note }));
      },
    );
}
