/**
 * Checks one imported row against a template and the stations in scope, and plans what committing it
 * writes. Pure given its context (stations are loaded once per job).
 */
import { approximateLocation, communityByName } from '../households/places.js';
import type { Location } from '../shared/geo.js';
import type { StationDoc } from '../stations/model.js';
import { interpretAnswers, type Interpreted } from '../surveys/interpret.js';
import type { Question } from '../surveys/schema.js';
import { contentKey, normaliseAddress } from './cells.js';
import { communityInAddress } from './village-in-address.js';
import { answersOf } from './mapping.js';
import type { ImportRow } from './parse.js';
import type { ImportProblem } from './problem.js';

/** What one job checks rows against. */
export interface CheckContext {
  questions: readonly Question[];
  mapping: Readonly<Record<string, string>>;
  headers: readonly string[];
  /** Stations the job may write to (one for a coordinator's job). */
  stations: readonly StationDoc[];
  /** Station of a station job; null when rows are placed by their 所在镇 column. */
  stationCode: string | null;
}

/** What committing a valid row writes. */
export interface RowPlan {
  rowNumber: number;
  stationCode: string;
  communityCode: string;
  interp: Interpreted & { headName: string };
  /** Where the village came from: its own column, or found in the address text. */
  placedBy?: 'column' | 'address';
  /** Content key of the row's normalised answers: the same answers imported again are recognised. */
  rowKey: string;
  location: Location;
}

/** The reason given for a row whose village is not found in its address (also how unplaced rows are counted). */
export const UNPLACED_REASON = '地址中没有找到本站的村(社区)名称，该行未能定位到村(社区)，请补填“所在村(社区)”';

/** Township names, taken out of an address before looking for a village in it. */
function stripNames(stations: readonly StationDoc[]): string[] {
  return stations.flatMap((s) => [s.name, s.name.replace(/(镇|乡|街道)$/u, '') + '镇']);
}

function stationByName(stations: readonly StationDoc[], text: string): StationDoc | undefined {
  const t = text.replace(/\s/gu, '');
  return (
    stations.find((s) => s.name === t) ?? stations.find((s) => s.name.replace(/(镇|乡|街道)$/u, '') === t.replace(/(镇|乡|街道)$/u, ''))
  );
}

/** Checks one row; returns its plan, or every problem found (nothing is written for such a row). */
export function checkRow(row: ImportRow, ctx: CheckContext): { plan: RowPlan; problems: [] } | { plan: null; problems: ImportProblem[] } {
  const interp = interpretAnswers(ctx.questions, answersOf(row.cells, ctx.mapping));
  const columnOf = (key: string) => ctx.mapping[key] ?? ctx.questions.find((q) => q.key === key)?.label ?? key;
  const problems: ImportProblem[] = interp.problems.map((p) => ({ row: row.rowNumber, column: columnOf(p.key), reason: p.reason }));
  const keyOf = (role: string) => ctx.questions.find((q) => q.role === role)?.key ?? role;
  const problem = (role: string, reason: string) => problems.push({ row: row.rowNumber, column: columnOf(keyOf(role)), reason });

  let station: StationDoc | undefined;
  if (interp.township) {
    station = stationByName(ctx.stations, interp.township);
    if (!station) {
      problem(
        'township',
        ctx.stationCode
          ? `「${interp.township}」不是本社工站所在的乡镇(街道)，该行不能导入本站`
          : `本县没有乡镇(街道)「${interp.township}」`,
      );
    }
  } else if (ctx.stationCode) {
    station = ctx.stations.find((s) => s.code === ctx.stationCode);
  } else {
    // A county-wide file without 所在镇: the township may be named in the address.
    const named = interp.address ? ctx.stations.filter((s) => normaliseAddress(interp.address!).includes(s.name)) : [];
    if (named.length === 1) station = named[0];
    else problem('township', '所在镇为空，地址中也没有本县的乡镇(街道)名称：县级导入需要按所在镇分配到社工站');
  }

  let communityCode: string | undefined;
  let placedBy: NonNullable<RowPlan['placedBy']> = 'column';
  if (station) {
    if (!interp.community) {
      // No village column, or a blank cell: look for one of the station's villages in the address.
      const found = interp.address ? communityInAddress(station.communities, interp.address, stripNames(ctx.stations)) : undefined;
      if (found) {
        communityCode = found.code;
        placedBy = 'address';
      } else
        problems.push({
          row: row.rowNumber,
          column: interp.address ? columnOf(keyOf('address')) : columnOf(keyOf('community')),
          reason: interp.address ? UNPLACED_REASON : '所在村(社区)为空，地址也为空，无法确定村(社区)',
        });
    } else {
      const community = communityByName(station, interp.community);
      if (community) communityCode = community.code;
      else problem('community', `${station.name}没有村(社区)「${interp.community}」`);
    }
  }
  const location = communityCode ? approximateLocation(communityCode) : undefined;
  if (communityCode && !location) problem('community', '无法确定该村(社区)的位置，请改用入户调查录入并填写经纬度');

  if (problems.length || !station || !communityCode || !location || !interp.headName) {
    return {
      plan: null,
      problems: problems.length ? problems : [{ row: row.rowNumber, column: columnOf(keyOf('headName')), reason: '户主姓名为空' }],
    };
  }
  // Keyed by the row's meaning, not its cells: the CSV, GBK and XLSX exports of one answer sheet are one row.
  const rowKey = contentKey({
    station: station.code,
    community: communityCode,
    name: interp.headName,
    phone: interp.phone ?? '',
    address: interp.address ?? '',
    needs: interp.needs.map((n) => n.label).join('|'),
    description: interp.description,
    urgency: interp.urgency,
    submittedAt: interp.submittedAt?.toISOString() ?? '',
  });
  return {
    plan: {
      rowNumber: row.rowNumber,
      stationCode: station.code,
      communityCode,
      interp: { ...interp, headName: interp.headName },
      placedBy,
      rowKey,
      location,
    },
    problems: [],
  };
}
