import { scopeFilter, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { loadDivisions } from './divisions.js';
import { StationModel, type StationDoc } from './model.js';

/** Loads every township of the vendored divisions as a station (idempotent: existing codes are kept). */
export async function loadStationsFromDivisions(): Promise<number> {
  const divisions = loadDivisions();
  const ops = divisions.counties.flatMap((county) =>
    county.townships.map((t) => ({
      updateOne: {
        filter: { code: t.code },
        update: {
          $setOnInsert: {
            code: t.code,
            name: t.name,
            countyCode: county.code,
            countyName: county.name,
            cityName: county.city,
            provinceName: county.province,
            communities: t.communities,
            active: true,
          },
        },
        upsert: true,
      },
    })),
  );
  if (ops.length === 0) return 0;
  const result = await StationModel.bulkWrite(ops, { ordered: false });
  return result.upsertedCount;
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
