import { z } from 'zod';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { monthOf } from '../shared/china-time.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import type { VisitTaskDoc } from './model.js';
import { visitTasks } from './model.js';
import { completeVisit } from './service.js';

const VisitView = z.object({
  id: z.string(),
  stationCode: z.string(),
  householdId: z.string(),
  communityCode: z.string(),
  month: z.string(),
  status: z.enum(['due', 'done']),
  doneAt: z.string().nullable(),
});
const present = (v: VisitTaskDoc): z.infer<typeof VisitView> => ({
  id: idOf(v),
  stationCode: v.stationCode,
  householdId: v.householdId,
  communityCode: v.communityCode,
  month: v.month,
  status: v.status,
  doneAt: v.doneAt ? new Date(v.doneAt).toISOString() : null,
});

/** Monthly visit tasks of key targets: list and mark done. */
export function visitRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/visits', ['visits'])
    .route(
      {
        method: 'get',
        path: '/',
        summary: '重点对象月度探访任务',
        guard: [staff],
        query: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
            .optional(),
          status: z.enum(['due', 'done']).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: z.object({ items: z.array(VisitView), nextCursor: z.string().nullable() }),
      },
      async ({ query }, req) => {
        const filter = { month: query.month ?? monthOf(new Date()), ...(query.status ? { status: query.status } : {}) };
        const page = await visitTasks.page(scopeOf(actorOf(req)), filter, { limit: query.limit, cursor: query.cursor });
        return { items: page.items.map(present), nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/complete',
        summary: '登记探访完成',
        guard: [staff],
        params: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i) }),
        body: z.object({ note: z.string().max(500).optional() }).strict(),
        response: VisitView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return present(await completeVisit({ actor, scope: scopeOf(actor), id: params.id, note: body.note }));
      },
    );
}
