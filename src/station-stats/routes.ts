import { z } from 'zod';
import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { monthOf } from '../shared/china-time.js';
import { computeStationStats } from './compute.js';
import { PERIOD_RE, parsePeriod } from './period.js';
import { lastMonths, monthlySeries, recomputeSnapshots, snapshotHistory } from './snapshots.js';

const rate = z.number().min(0).max(1).nullable();
const n = z.number();
export const StationStatsView = z.object({
  stationCode: z.string(),
  stationName: z.string(),
  servicePeople: n.describe('服务对象人数'),
  servicePersonTimes: n.describe('服务对象人次'),
  visits: n.describe('探访次数'),
  homeVisits: n.describe('入户走访户次'),
  keyTargetHouseholds: n,
  keyTargetHouseholdsVisited: n,
  householdVisitRate: rate.describe('探访率（按户）'),
  keyTargetPeople: n,
  keyTargetPeopleVisited: n,
  personVisitRate: rate.describe('探访率（按人）'),
  casesOpened: n,
  casesClosed: n,
  casesActive: n,
  caseServiceTimes: n.describe('个案服务人次'),
  groups: n.describe('小组数'),
  groupSessions: n.describe('小组场次'),
  groupAttendance: n.describe('小组人次'),
  activities: n.describe('社区活动场次'),
  activityParticipants: n.describe('社区活动人次'),
  referrals: n.describe('转介件数'),
  referralOutcomes: z.object({ sent: n, accepted: n, resolved: n, refused: n, no_answer: n }),
  volunteerServiceTimes: n.describe('志愿服务人次'),
  volunteerHours: n.describe('志愿服务时长（小时）'),
  satisfactionAnswers: n,
  satisfied: n,
  basicallySatisfied: n,
  dissatisfied: n,
  satisfactionRate: rate.describe('满意率（满意+基本满意）'),
  openNeeds: n,
  needsCreated: n,
  needsMatched: n,
  matchRate: rate,
  medianHoursToMatch: z.number().nullable(),
  needsFulfilled: n,
  fulfilmentRate: rate,
});

/** Station statistics for a month, quarter or year (one computation: src/station-stats/compute.ts). */
export function stationStatsRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const StationCode = z
    .string()
    .regex(/^\d{9}$/)
    .optional();
  const SnapshotStats = StationStatsView.extend({ computedAt: z.string().nullable(), recomputes: z.number() });
  return new ApiRouter(registry, '/api/stats', ['reports'])
    .route(
      {
        method: 'get',
        path: '/trends',
        summary: '逐月趋势与各站互比（已结束月份取存档快照，本月实时）',
        guard: [auth.guard('coordinator', 'admin')],
        query: z.object({ months: z.coerce.number().int().min(1).max(24).default(12), stationCode: StationCode }),
        response: z.object({
          current: z.string(),
          months: z.array(
            z.object({ month: z.string(), frozen: z.boolean(), stations: z.array(SnapshotStats), county: StationStatsView.nullable() }),
          ),
        }),
      },
      async ({ query }, req) => {
        const now = new Date();
        const scope = narrowScope(actorOf(req), query.stationCode);
        return { current: monthOf(now), months: await monthlySeries(scope, lastMonths(now, query.months), now) };
      },
    )
    .route(
      {
        method: 'get',
        path: '/snapshots/recomputes',
        summary: '月度快照重算记录（谁、何时、原因）',
        guard: [auth.guard('coordinator', 'admin')],
        query: z.object({ months: z.coerce.number().int().min(1).max(24).default(12) }),
        response: z.array(z.object({ month: z.string(), stationCode: z.string(), at: z.string(), by: z.string(), reason: z.string() })),
      },
      async ({ query }, req) => snapshotHistory(narrowScope(actorOf(req)), lastMonths(new Date(), query.months)),
    )
    .route(
      {
        method: 'post',
        path: '/snapshots/recompute',
        summary: '重算已结束月份的统计快照（须填写原因，留痕）',
        guard: [auth.guard('admin')],
        body: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
          stationCode: StationCode,
          reason: z.string().trim().min(4, '请填写重算原因（至少4个字）').max(500),
        }),
        response: z.object({ month: z.string(), stations: z.array(z.string()) }),
      },
      async ({ body }, req) => {
        const updated = await recomputeSnapshots(actorOf(req), body, { requestId: req.id });
        return { month: body.month, stations: updated.map((d) => d.stationCode) };
      },
    )
    .route(
      {
        method: 'get',
        path: '/stations',
        summary: '社工站工作统计（月/季/年；站与全县）',
        guard: [auth.guard('coordinator', 'admin')],
        query: z.object({
          period: z.string().regex(PERIOD_RE, '统计周期格式应为 YYYY-MM、YYYY-Q1..Q4 或 YYYY').optional(),
          stationCode: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
        }),
        response: z.object({
          period: z.string(),
          kind: z.enum(['month', 'quarter', 'year']),
          months: z.array(z.string()),
          stations: z.array(StationStatsView),
          county: StationStatsView.nullable(),
        }),
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const p = parsePeriod(query.period ?? monthOf(new Date()));
        const { stations, county } = await computeStationStats(narrowScope(actor, query.stationCode), p);
        return { period: p.key, kind: p.kind, months: p.months, stations, county };
      },
    );
}
