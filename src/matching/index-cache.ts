import {
  buildIndex,
  defaultRules,
  mergeRules,
  MatchingRulesOverrideSchema,
  type MatchIndex,
  type MatchingRules,
  type Pool,
} from '../../matchers/index.js';
import { subscribe } from '../events/bus.js';
import type { EventType } from '../events/types.js';
import { logFailure } from '../shared/log-failure.js';
import { getStation } from '../stations/service.js';
import { loadCandidatePool } from '../supply/pool.js';

/** A county's candidate pool indexed for one station's rules, and when it was built. */
interface CachedIndex {
  index: MatchIndex;
  pool: Pool;
  builtAt: number;
}

// Pools change when capacity or supply changes; those events drop the county's indexes.
const INVALIDATING: ReadonlySet<EventType> = new Set<EventType>([
  'assignment.created',
  'assignment.declined',
  'assignment.completed',
  'assignment.cancelled',
  'assignment.escalated',
  'resource.posted',
  'resource.updated',
  'resource.depleted',
  'resource.allocated',
  'volunteer.registered',
  'volunteer.approved',
]);
const MAX_AGE_MS = 60_000;
const cache = new Map<string, CachedIndex>();
let listening = false;

function ensureInvalidation(): void {
  if (listening) return;
  listening = true;
  subscribe((event) => {
    if (!INVALIDATING.has(event.type)) return;
    for (const key of cache.keys()) if (key.startsWith(`${event.countyCode}:`)) cache.delete(key);
  });
}

/** The matching rules of a station: the defaults merged with the station's override. */
export async function rulesOfStation(stationCode: string): Promise<MatchingRules> {
  // Every station lies in the county its code starts with.
  const scope = { kind: 'station', countyCode: stationCode.slice(0, 6), stationCode } as const;
  const station = await getStation(scope, stationCode).catch(logFailure('reading matching rules', { stationCode }));
  const override = MatchingRulesOverrideSchema.safeParse(station?.matchingRules ?? {});
  return mergeRules(defaultRules, override.success ? override.data : undefined);
}

/**
 * The county pool indexed with a station's rules. Built from the database at most once a minute,
 * and again as soon as supply or capacity changes (candidates come from the whole county).
 */
export async function indexFor(countyCode: string, stationCode: string, now: Date): Promise<CachedIndex> {
  ensureInvalidation();
  const key = `${countyCode}:${stationCode}`;
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.builtAt < MAX_AGE_MS) return hit;
  const [pool, rules] = await Promise.all([loadCandidatePool(countyCode, now), rulesOfStation(stationCode)]);
  const entry = { index: buildIndex(pool, rules, now), pool, builtAt: now.getTime() };
  cache.set(key, entry);
  return entry;
}

/** Drops every cached index (rule changes, tests). */
export function clearIndexCache(): void {
  cache.clear();
}
