import { scopeFilter, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { loadDivisions } from './divisions.js';
import { StationModel, type StationDoc } from './model.js';

/** Loads every township of the vendored divisions as a station (idempotent: existing codes are kept). */
export async function loadStationsFromDivisions(): Promise<number> {
  const divisions = loadDivisions();
  const existing = new Set<string>((await StationModel.find({}, { code: 1 }).lean<Array<{ code: string }>>()).map((s) => s.code));
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
    await StationModel.insertMany(missing, { ordered: false });
  } catch (err) {
    // Another instance inserted some of them at the same moment (unique code): theirs stand.
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  return missing.length;
}

/** Stations visible in a scope. */
export async function listStations(scope: StationScope): Promise<StationDoc[]> {
  const filter = scope.kind === 'county' ? { countyCode: scope.countyCode } : { code: scope.stationCode };
  return StationModel.find(filter).sort({ code: 1 });
}

/** One station, or 404 when it lies outside the scope. */
export async function getStation(scope: StationScope, code: string): Promise<StationDoc> {
  const { countyCode } = scopeFilter(scope);
  const station = await StationModel.findOne({ code, countyCode });
  if (!station || (scope.kind === 'station' && scope.stationCode !== code)) throw notFound('社工站');
  return station;
}

/** The station owning a community code, within a county. */
export async function stationOfCommunity(countyCode: string, communityCode: string): Promise<StationDoc | undefined> {
  const station = await StationModel.findOne({ code: communityCode.slice(0, 9), countyCode });
  if (!station || !station.communities.some((c) => c.code === communityCode)) return undefined;
  return station;
}
