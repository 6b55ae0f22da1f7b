import { z } from 'zod';
import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { PeriodKeySchema, periodOf } from '../exports/periods.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { monthOf } from '../shared/china-time.js';
import { DateSchema, IdParams, StationCodeSchema } from '../supply/schemas.js';
import { hsdsExport } from './hsds.js';
import { registerValueIndicators } from './indicators.js';
import { linkedResources } from './repository.js';
import { formatYuan, linkedValueByStation, setValue } from './value.js';

const LinkedResourceBody = z
  .object({
    stationCode: StationCodeSchema,
    date: DateSchema,
    donor: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(100),
    valueYuan: z.number().positive('金额必须大于 0').max(1e9),
    note: z.string().trim().max(300).optional(),
  })
  .strict();
const LinkedValueView = z.object({
  period: z.string(),
  totalYuan: z.number(),
  text: z.string(),
  stations: z.array(
    z.object({ stationCode: z.string(), yuan: z.number(), fromAllocations: z.number(), fromLinked: z.number(), unvalued: z.number() }),
  ),
});
const HsdsView = z.object({
  organizations: z.array(z.record(z.string(), z.unknown())),
  services: z.array(z.record(z.string(), z.unknown())),
  locations: z.array(z.record(z.string(), z.unknown())),
});

/** Interoperability: HSDS 3.0 directory export and the value in yuan of linked resources. */
export function interopRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  registerValueIndicators();
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/interop', ['interop'])
    .route(
      { method: 'get', path: '/hsds', summary: 'HSDS 3.0 服务目录导出（组织、服务、地点）', guard: [staff], response: HsdsView },
      async (_i, req) => hsdsExport(actorOf(req).countyCode),
    )
    .route(
      {
        method: 'put',
        path: '/resources/:id/value',
        summary: '登记慈善资源折合金额（元）',
        guard: [auth.guard('charity', 'coordinator', 'admin')],
        params: IdParams,
        body: z.object({ valueYuan: z.number().min(0).max(1e9) }).strict(),
      },
      async ({ params, body }, req) => setValue(actorOf(req), params.id, body.valueYuan),
    )
    .route(
      {
        method: 'post',
        path: '/linked-resources',
        summary: '登记社工站自行链接的社会资源',
        guard: [staff],
        body: LinkedResourceBody,
        status: 201,
        response: z.object({ id: z.string() }),
      },
      async ({ body }, req) => {
        const { stationCode, ...rest } = body;
        const doc = await linkedResources.create(narrowScope(actorOf(req), stationCode), stationCode, {
          ...rest,
          note: rest.note ?? null,
          createdBy: actorOf(req).userId,
        });
        return { id: String(doc._id) };
      },
    )
    .route(
      {
        method: 'get',
        path: '/linked-value',
        summary: '链接社会资源金额合计（如"链接社会资源计11万元"）',
        guard: [staff],
        query: z.object({ period: PeriodKeySchema.optional(), stationCode: StationCodeSchema.optional() }),
        response: LinkedValueView,
      },
      async ({ query }, req) => {
        const period = periodOf(query.period ?? monthOf(new Date()));
        const by = await linkedValueByStation(narrowScope(actorOf(req), query.stationCode), period.months);
        const stations = [...by]
          .map(([stationCode, v]) => ({ stationCode, ...v }))
          .sort((a, b) => a.stationCode.localeCompare(b.stationCode));
        const total = stations.reduce((s, v) => s + v.yuan, 0);
        return { period: period.key, totalYuan: total, text: `链接社会资源计${formatYuan(total)}`, stations };
      },
    );
}
