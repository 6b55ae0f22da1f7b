import { z } from 'zod';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { monthOf } from '../shared/china-time.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { stationMetrics } from './service.js';

const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
});
const rate = z.number().min(0).max(1).nullable();
const MetricsView = z.object({
  stationCode: z.string(),
  stationName: z.string(),
  month: z.string(),
  openNeeds: z.number(),
  needsCreated: z.number(),
  needsMatched: z.number(),
  matchRate: rate,
  medianHoursToMatch: z.number().nullable(),
  needsFulfilled: z.number(),
  fulfilmentRate: rate,
  volunteerHours: z.number(),
  keyTargetVisitsDue: z.number(),
  keyTargetVisitsDone: z.number(),
  visitRate: rate,
});

/** Station metrics: match rate, time to match, fulfilment, volunteer hours, key-target visit rate. */
export function reportRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/reports', ['reports']).route(
    {
      method: 'get',
      path: '/stations',
      summary: '各站月度指标（匹配率、匹配时长、完成率、志愿服务时长、重点对象探访率）',
      guard: [auth.guard('coordinator', 'admin')],
      query: MonthQuery,
      response: z.array(MetricsView),
    },
    async ({ query }, req) => stationMetrics(scopeOf(actorOf(req)), query.month ?? monthOf(new Date())),
  );
}
