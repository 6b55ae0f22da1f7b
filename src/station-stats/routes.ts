import { z } from 'zod';
import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { monthOf } from '../shared/china-time.js';
import { computeStationStats } from './compute.js';
import { PERIOD_RE, parsePeriod } from './period.js';

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
  return new ApiRouter(registry, '/api/stats', ['reports']).route(
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
