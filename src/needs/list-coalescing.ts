import type { StationScope } from '../auth/actor.js';
import { Coalescer } from '../shared/coalesce.js';

/**
 * The sharing of identical needs-list reads (list-reads.ts), apart so the needs service can say "this
 * station's needs changed" without importing the list reader (which imports the service).
 */
export const needListReads = new Coalescer();

/** The group a scope's reads belong to: a station, or a whole county. */
export const groupOf = (scope: StationScope) => (scope.kind === 'station' ? `station:${scope.stationCode}` : `county:${scope.countyCode}`);

/** A need of this station changed: later list reads of the station (and its county) start afresh. */
export function needsChanged(stationCode: string): void {
  needListReads.invalidate(`station:${stationCode}`);
  needListReads.invalidate(`county:${stationCode.slice(0, 6)}`);
}
