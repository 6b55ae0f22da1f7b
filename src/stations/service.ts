import { scopeFilter, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { loadDivisions } from './divisions.js';
import type { StationDoc } from './model.js';
import { stationRepository } from './repository.js';

/** Loads every township of the vendored divisions as a station (idempotent: existing codes are kept). */
export async function loadStationsFromDivisions(): Promise<number> {
  const divisions = loadDivisions();
  const existing = new Set(await stationRepository.codes());
  // Insert only what is missing: a bulk of upserts over existing stations stalls FerretDB 1.24 (SQLite).
  const missing = divisions.counties.flatMap((county) =>
    county.townships
      .filter((t) => !existing.has(t.code))
      .map((t) => ({
        code: t.code,
        name: t.name,
        countyCode: county.code,
        countyName: county.name,
        cityName: county.city,
        provinceName: county.province,
        communities: t.communities.map((c) => ({ code: c.code, name: c.name })),
        active: true,
      })),
  );
  if (missing.length === 0) return 0;
  try {
    await stationRepository.insertMissing(missing);
  } catch (err) {
    // Another instance inserted some of them at the same moment (unique code): theirs stand.
    if (!isDuplicateKey(err)) throw err;
  }
  return missing.length;
}

/** Stations visible in a scope (`openOnly`: the county overview lists open stations only). */
export async function listStations(scope: StationScope, opts: { openOnly?: boolean } = {}): Promise<StationDoc[]> {
  if (scope.kind === 'county') return stationRepository.inCounty(scope.countyCode, opts);
  const s = await stationRepository.byCode(scope.stationCode);
  return s ? [s] : [];
}

/** One station, or 404 when it lies outside the scope. */
export async function getStation(scope: StationScope, code: string): Promise<StationDoc> {
  const { countyCode } = scopeFilter(scope);
  const station = await stationRepository.byCode(code);
  if (!station || station.countyCode !== countyCode || (scope.kind === 'station' && scope.stationCode !== code)) throw notFound('社工站');
  return station;
}

/** Changes a station's settings or opens/closes it (county admin). */
export async function updateStation(
  scope: StationScope,
  code: string,
  set: Partial<Pick<StationDoc, 'active' | 'autoAssignMinScore'>>,
): Promise<StationDoc> {
  await getStation(scope, code);
  return (await stationRepository.set(code, set))!;
}

/** The station owning a community code, within a county. */
export async function stationOfCommunity(countyCode: string, communityCode: string): Promise<StationDoc | undefined> {
  const station = await stationRepository.byCode(communityCode.slice(0, 9));
  if (!station || station.countyCode !== countyCode || !station.communities.some((c) => c.code === communityCode)) return undefined;
  return station;
}
