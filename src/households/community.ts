import { scopeIncludes, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { stationOfCommunity } from '../stations/service.js';
import type { StationDoc } from '../stations/model.js';

/**
 * The station owning a community, checked against the caller's scope. A community of another station
 * (or county) answers 404 like any record out of scope; a code of no community at all is a 400 on `field`.
 */
export async function stationForCommunity(scope: StationScope, communityCode: string, field = 'communityCode'): Promise<StationDoc> {
  const station = await stationOfCommunity(scope.countyCode, communityCode);
  if (station && scopeIncludes(scope, station.code)) return station;
  if (station || !communityCode.startsWith(scope.countyCode)) throw notFound('村(社区)');
  throw fieldError(field, `村(社区)编码 ${communityCode} 不存在`);
}
