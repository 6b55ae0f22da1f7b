import type { StationScope } from '../auth/actor.js';
import { registerMatchingIndicators } from './indicators.js';
import { registerStationStatsIndicators } from './station-stats-indicators.js';
import type { Period } from './periods.js';
import type { Register } from './registers.js';
import { reportIndicators, reportRows, reportSheet, type ReportRow } from './report-workbook.js';
import { stationNames } from './repository.js';

registerMatchingIndicators();
registerStationStatsIndicators();

const TITLE: Record<Period['kind'], string> = { month: '月报', quarter: '季报', year: '年报' };

/** The report of a station (or of the county) for a period, with every registered indicator. */
export async function reportRowsFor(
  scope: StationScope,
  period: Period,
): Promise<{ title: string; period: string; periodLabel: string; stationName: string; rows: ReportRow[] }> {
  const stationCode = scope.kind === 'station' ? scope.stationCode : undefined;
  const stationName = stationCode ? ((await stationNames([stationCode])).get(stationCode) ?? stationCode) : `全县（${scope.countyCode}）`;
  const rows = await reportRows(reportIndicators(), scope, period, stationCode);
  return { title: `社会工作站${TITLE[period.kind]}`, period: period.key, periodLabel: period.label, stationName, rows };
}

/** The periodic report as an XLSX register. */
export async function monthlyReport(scope: StationScope, period: Period): Promise<Register> {
  const r = await reportRowsFor(scope, period);
  return {
    filename: `${r.stationName}${r.title}_${period.key}.xlsx`,
    fullFields: [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: reportSheet({ title: `${r.stationName}${r.title}`, period, stationName: r.stationName, rows: r.rows, generatedAt: new Date() }),
  };
}
