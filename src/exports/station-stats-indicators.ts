import type { StationScope } from '../auth/actor.js';
import { computeStationStats, type StationStats } from '../station-stats/compute.js';
import { parsePeriod } from '../station-stats/period.js';
import { registerReportIndicator, type Memo, type MonthValue } from './report-workbook.js';

function stats(scope: StationScope, month: string, memo: Memo): Promise<StationStats[]> {
  const key = `stats:${scope.kind === 'county' ? scope.countyCode : scope.stationCode}:${month}`;
  return memo(key, async () => (await computeStationStats(scope, parsePeriod(month))).stations);
}

const count = (pick: (s: StationStats) => number) => async (scope: StationScope, month: string, memo: Memo) =>
  new Map<string, MonthValue>((await stats(scope, month, memo)).map((s) => [s.stationCode, { kind: 'count', value: pick(s) }]));

/**
 * Report rows from the station statistics (issue 13). Only figures that add up over months are
 * here; distinct-people counts (服务对象人数) need the period's own computation and are left out.
 */
export function registerStationStatsIndicators(): void {
  registerReportIndicator({
    id: 'stats.servicePersonTimes',
    label: '服务对象人次',
    unit: '人次',
    month: count((s) => s.servicePersonTimes),
  });
  registerReportIndicator({ id: 'stats.homeVisits', label: '入户走访户次', unit: '户次', month: count((s) => s.homeVisits) });
  registerReportIndicator({ id: 'stats.casesOpened', label: '新开个案数', unit: '个', month: count((s) => s.casesOpened) });
  registerReportIndicator({ id: 'stats.caseServiceTimes', label: '个案服务人次', unit: '人次', month: count((s) => s.caseServiceTimes) });
  registerReportIndicator({ id: 'stats.groupSessions', label: '小组活动节数', unit: '节', month: count((s) => s.groupSessions) });
  registerReportIndicator({ id: 'stats.groupAttendance', label: '小组参与人次', unit: '人次', month: count((s) => s.groupAttendance) });
  registerReportIndicator({ id: 'stats.activities', label: '社区活动场次', unit: '场', month: count((s) => s.activities) });
  registerReportIndicator({
    id: 'stats.activityParticipants',
    label: '社区活动参与人次',
    unit: '人次',
    month: count((s) => s.activityParticipants),
  });
  registerReportIndicator({ id: 'stats.referrals', label: '转介件数', unit: '件', month: count((s) => s.referrals) });
  registerReportIndicator({
    id: 'stats.satisfactionRate',
    label: '服务对象满意率',
    unit: '%',
    async month(scope, month, memo) {
      return new Map<string, MonthValue>(
        (await stats(scope, month, memo)).map((s) => [
          s.stationCode,
          { kind: 'ratio', num: s.satisfied + s.basicallySatisfied, den: s.satisfactionAnswers },
        ]),
      );
    },
  });
}
