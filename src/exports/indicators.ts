import type { StationScope } from '../auth/actor.js';
import { stationMetrics, type StationMetrics } from '../reports/service.js';
import { registerReportIndicator, type Memo, type MonthValue } from './report-workbook.js';

/** The existing monthly matching figures (reports/service.ts), read once per scope and month. */
function metrics(scope: StationScope, month: string, memo: Memo): Promise<StationMetrics[]> {
  const key = `metrics:${scope.kind === 'county' ? scope.countyCode : scope.stationCode}:${month}`;
  return memo(key, () => stationMetrics(scope, month));
}

function count(pick: (m: StationMetrics) => number) {
  return async (scope: StationScope, month: string, memo: Memo) =>
    new Map<string, MonthValue>((await metrics(scope, month, memo)).map((m) => [m.stationCode, { kind: 'count', value: pick(m) }]));
}

function ratio(num: (m: StationMetrics) => number, den: (m: StationMetrics) => number) {
  return async (scope: StationScope, month: string, memo: Memo) =>
    new Map<string, MonthValue>(
      (await metrics(scope, month, memo)).map((m) => [m.stationCode, { kind: 'ratio', num: num(m), den: den(m) }]),
    );
}

/**
 * Registers the indicators that exist today (needs, matching, hours, key-target visits). The station
 * statistics (visits, cases, groups, activities) register theirs the same way when they land.
 */
export function registerMatchingIndicators(): void {
  registerReportIndicator({ id: 'needs.created', label: '新增需求数', unit: '件', month: count((m) => m.needsCreated) });
  registerReportIndicator({ id: 'needs.matched', label: '已匹配需求数', unit: '件', month: count((m) => m.needsMatched) });
  registerReportIndicator({
    id: 'needs.matchRate',
    label: '需求匹配率',
    unit: '%',
    month: ratio(
      (m) => m.needsMatched,
      (m) => m.needsCreated,
    ),
  });
  registerReportIndicator({ id: 'needs.fulfilled', label: '已完成需求数', unit: '件', month: count((m) => m.needsFulfilled) });
  registerReportIndicator({ id: 'volunteers.hours', label: '志愿服务时长', unit: '小时', month: count((m) => m.volunteerHours) });
  registerReportIndicator({
    id: 'visits.done',
    label: '重点对象探访人次（户次）',
    unit: '户次',
    month: count((m) => m.keyTargetVisitsDone),
  });
  registerReportIndicator({
    id: 'visits.rate',
    label: '重点对象月度探访率',
    unit: '%',
    month: ratio(
      (m) => m.keyTargetVisitsDone,
      (m) => m.keyTargetVisitsDue,
    ),
  });
}
