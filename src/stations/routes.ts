import { z } from 'zod';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import type { StationDoc } from './model.js';
import { getStation, listStations, updateStation } from './service.js';

const StationCode = z.object({ code: z.string().regex(/^\d{9}$/, '社工站编码应为 9 位乡镇(街道)代码') });
const StationView = z.object({
  code: z.string(),
  name: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  active: z.boolean(),
  autoAssignMinScore: z.number().nullable(),
  communities: z.array(z.object({ code: z.string(), name: z.string() })),
});
const StationPatch = z
  .object({
    active: z.boolean(),
    autoAssignMinScore: z.number().min(0.5, '自动指派门槛不低于 0.5').max(1).nullable(),
  })
  .partial()
  .strict();

/** What every client sees of a station. */
export function presentStation(s: StationDoc): z.infer<typeof StationView> {
  return {
    code: s.code,
    name: s.name,
    countyCode: s.countyCode,
    countyName: s.countyName,
    active: s.active,
    autoAssignMinScore: s.autoAssignMinScore ?? null,
    communities: s.communities.map((c) => ({ code: c.code, name: c.name })),
  };
}

/** Stations of the actor's county (admin) or its own station (coordinator). */
export function stationRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/stations', ['stations'])
    .route(
      {
        method: 'get',
        path: '/',
        summary: '社工站列表（openOnly=true 时只列已开设的站）',
        guard: [auth.guard()],
        query: z.object({ openOnly: z.enum(['true', 'false']).optional() }),
        response: z.array(StationView),
      },
      async ({ query }, req) => (await listStations(scopeOf(actorOf(req)), { openOnly: query.openOnly === 'true' })).map(presentStation),
    )
    .route(
      { method: 'get', path: '/:code', summary: '社工站详情', guard: [auth.guard()], params: StationCode, response: StationView },
      async ({ params }, req) => presentStation(await getStation(scopeOf(actorOf(req)), params.code)),
    )
    .route(
      {
        method: 'patch',
        path: '/:code',
        summary: '启用或停用社工站、设置自动指派门槛（县级管理员）',
        guard: [auth.guard('admin')],
        params: StationCode,
        body: StationPatch,
        response: StationView,
      },
      async ({ params, body }, req) => presentStation(await updateStation(scopeOf(actorOf(req)), params.code, body)),
    )
    .route(
      {
        method: 'post',
        path: '/:code/open',
        summary: '开设社工站（县级管理员；未开设的乡镇只是行政区划）',
        guard: [auth.guard('admin')],
        params: StationCode,
        response: StationView,
      },
      async ({ params }, req) => presentStation(await updateStation(scopeOf(actorOf(req)), params.code, { active: true })),
    );
}
