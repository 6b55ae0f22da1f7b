/**
 * Who a need is for and where: the household's name and phone, the village's and the station's names.
 * Loaded once per list (one query for the households on the page, one for the stations of the scope).
 */
import type { StationScope } from '../auth/actor.js';
import type { HouseholdDoc } from '../households/model.js';
import { households } from '../households/repository.js';
import { listStations } from '../stations/service.js';
import type { NeedDoc } from './model.js';

/** The household of a need as a coordinator sees it next to the need. */
export interface NeedHousehold {
  id: string;
  headName: string;
  phone: string | null;
  communityCode: string;
}

/** Names and households the presenter looks up. */
export interface NeedContext {
  households: Map<string, NeedHousehold>;
  communityNames: Map<string, string>;
  stationNames: Map<string, string>;
}

/** An empty context: the presenter then shows codes only (events, tests). */
export const NO_CONTEXT: NeedContext = { households: new Map(), communityNames: new Map(), stationNames: new Map() };

const toNeedHousehold = (h: HouseholdDoc): NeedHousehold => ({
  id: String(h._id),
  headName: h.headName,
  phone: h.phone ?? null,
  communityCode: h.communityCode,
});

/** The names of the scope's stations and villages (a county has a handful of stations). */
export async function placeNames(scope: StationScope): Promise<Pick<NeedContext, 'communityNames' | 'stationNames'>> {
  const stations = await listStations(scope);
  const communityNames = new Map<string, string>();
  const stationNames = new Map<string, string>();
  for (const s of stations) {
    stationNames.set(s.code, s.name);
    for (const c of s.communities) communityNames.set(c.code, c.name);
  }
  return { communityNames, stationNames };
}

/** Context for presenting `docs` to a person of `scope`. */
export async function needContext(scope: StationScope, docs: readonly NeedDoc[]): Promise<NeedContext> {
  const ids = [...new Set(docs.map((n) => n.householdId).filter((x): x is string => !!x))];
  const [places, found] = await Promise.all([placeNames(scope), households.getMany(scope, ids)]);
  return { ...places, households: new Map(found.map((h) => [String(h._id), toNeedHousehold(h)])) };
}
