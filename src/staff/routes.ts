import { z } from 'zod';
import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, StationCodeSchema } from '../supply/schemas.js';
import { DocumentInputSchema, DocumentView, SiteSchema, SiteView, StaffInputSchema, StaffPatchSchema, StaffView } from './schema.js';
import {
  addDocument,
  addStaff,
  documentsOf,
  getSite,
  presentDocument,
  presentSite,
  presentStaff,
  putSite,
  rosterOf,
  updateStaff,
} from './service.js';

const StationQuery = z.object({ stationCode: StationCodeSchema.optional() });
const StationParams = z.object({ stationCode: StationCodeSchema });

/** The station's staff roster, site and rules on file (what 建设评估 looks at). */
export function staffRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staffGuard = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/staff', ['staff'])
    .route(
      { method: 'get', path: '/', summary: '社工站人员名册', guard: [staffGuard], query: StationQuery, response: z.array(StaffView) },
      async ({ query }, req) => (await rosterOf(narrowScope(actorOf(req), query.stationCode))).map(presentStaff),
    )
    .route(
      { method: 'post', path: '/', summary: '登记驻站人员', guard: [staffGuard], body: StaffInputSchema, response: StaffView, status: 201 },
      async ({ body }, req) => presentStaff(await addStaff(actorOf(req), body)),
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: '修改驻站人员（含离岗）',
        guard: [staffGuard],
        params: IdParams,
        body: StaffPatchSchema,
        response: StaffView,
      },
      async ({ params, body }, req) => presentStaff(await updateStaff(actorOf(req), params.id, body)),
    )
    .route(
      {
        method: 'get',
        path: '/site/:stationCode',
        summary: '社工站场地与设备',
        guard: [staffGuard],
        params: StationParams,
        response: SiteView,
      },
      async ({ params }, req) => presentSite(params.stationCode, await getSite(actorOf(req), params.stationCode)),
    )
    .route(
      {
        method: 'put',
        path: '/site/:stationCode',
        summary: '登记社工站场地与设备',
        guard: [staffGuard],
        params: StationParams,
        body: SiteSchema,
        response: SiteView,
      },
      async ({ params, body }, req) => presentSite(params.stationCode, await putSite(actorOf(req), params.stationCode, body)),
    )
    .route(
      {
        method: 'get',
        path: '/documents',
        summary: '社工站制度与机制文件',
        guard: [staffGuard],
        query: StationQuery,
        response: z.array(DocumentView),
      },
      async ({ query }, req) => (await documentsOf(narrowScope(actorOf(req), query.stationCode))).map(presentDocument),
    )
    .route(
      {
        method: 'post',
        path: '/documents',
        summary: '登记制度与机制文件',
        guard: [staffGuard],
        body: DocumentInputSchema,
        response: DocumentView,
        status: 201,
      },
      async ({ body }, req) => presentDocument(await addDocument(actorOf(req), body)),
    );
}
