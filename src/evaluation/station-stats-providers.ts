import type { StationStats } from '../station-stats/compute.js';
import { computeStationStats } from '../station-stats/compute.js';
import { parsePeriod } from '../station-stats/period.js';
import { registerIndicatorProvider, type ProviderContext } from './providers.js';

// One computation per station and month, shared by the indicators of one station (computeRound
// builds one context per station).
const cache = new WeakMap<ProviderContext, Promise<StationStats[]>>();

function monthly(ctx: ProviderContext): Promise<StationStats[]> {
  let hit = cache.get(ctx);
  if (!hit) {
    hit = (async () => {
      const out: StationStats[] = [];
      for (const month of ctx.period.months) {
        const { stations } = await computeStationStats(ctx.scope, parsePeriod(month));
        out.push(...stations.filter((s) => s.stationCode === ctx.station.code));
      }
      return out;
    })();
    cache.set(ctx, hit);
  }
  return hit;
}

const sum = (rows: StationStats[], f: (s: StationStats) => number) => rows.reduce((a, s) => a + f(s), 0);

/** Providers from the station statistics (issue 13): cases, groups, community activities, satisfaction. */
export function registerStationStatsProviders(): void {
  registerIndicatorProvider('cases.count', async (ctx) => {
    const rows = await monthly(ctx);
    // Cases worked on in the period: closed within it, or still open at its end.
    const closed = sum(rows, (s) => s.casesClosed);
    const active = rows.at(-1)?.casesActive ?? 0;
    return {
      value: closed + active,
      detail: `结案 ${closed} 个，期末在案 ${active} 个，个案服务 ${sum(rows, (s) => s.caseServiceTimes)} 人次`,
    };
  });
  registerIndicatorProvider('groups.count', async (ctx) => {
    const rows = await monthly(ctx);
    const n = sum(rows, (s) => s.groups);
    return {
      value: n,
      detail: `小组 ${n} 个（按月累计），${sum(rows, (s) => s.groupSessions)} 节，${sum(rows, (s) => s.groupAttendance)} 人次`,
    };
  });
  registerIndicatorProvider('activities.count', async (ctx) => {
    const rows = await monthly(ctx);
    const n = sum(rows, (s) => s.activities);
    return { value: n, detail: `社区活动 ${n} 场，${sum(rows, (s) => s.activityParticipants)} 人次` };
  });
  registerIndicatorProvider('satisfaction.rate', async (ctx) => {
    const rows = await monthly(ctx);
    const answers = sum(rows, (s) => s.satisfactionAnswers);
    const yes = sum(rows, (s) => s.satisfied + s.basicallySatisfied);
    return answers
      ? { value: yes / answers, detail: `满意及基本满意 ${yes} / 回答 ${answers}` }
      : { value: null, detail: '评估期内无满意度记录' };
  });
}
