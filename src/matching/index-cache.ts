import {
  buildIndexSteps,
  defaultRules,
  mergeRules,
  removeCandidate,
  upsertCandidate,
  MatchingRulesOverrideSchema,
  type CandidateKind,
  type MatchIndex,
  type MatchingRules,
  type Pool,
} from '../../matchers/index.js';
import { subscribe } from '../events/bus.js';
import type { DomainEvent, EventType } from '../events/types.js';
import type { Logger } from '../logger.js';
import { logFailure } from '../shared/log-failure.js';
import { stationRepository } from '../stations/repository.js';
import { getStation } from '../stations/service.js';
import { loadCandidatePool, loadPoolCandidate, type PoolCandidate } from '../supply/pool.js';

/*
 * The live index. A county's pool is indexed once per station (each station has its own rules); after
 * that, every event that changes one candidate (capacity, load, quantity, a new or withdrawn candidate)
 * reloads just that candidate and patches every index of the county in place (matchers/live.ts). A full
 * rebuild happens only when a station's rules change or the index is old (clock-driven changes no event
 * announces: expiry, the organisation capacity month), and then beside the index in use, in steps that
 * yield to the event loop; requests keep the old index until the new one is ready and swapped in.
 */

/** A county's candidate pool indexed for one station's rules, and when it was built. */
export interface CachedIndex {
  index: MatchIndex;
  /** The present candidates (kept in step with the index: names and explanations read it). */
  pool: Pool;
  /** The station's rules the index was built with: "why not" and the census judge by the same ones. */
  rules: MatchingRules;
  builtAt: number;
}

interface Entry {
  countyCode: string;
  stationCode: string;
  current?: CachedIndex;
  /** A build in progress (cold start, age or rules change); requests without `current` wait for it. */
  building?: Promise<CachedIndex>;
  /** Candidates changed while `building` runs: reloaded onto the new index before it is swapped in. */
  touched?: Map<string, { kind: CandidateKind; id: string }>;
}

/** Events after which one candidate's pool entry may differ, and which candidate. */
const CHANGING: ReadonlySet<EventType> = new Set<EventType>([
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
  'volunteer.updated',
  'organisation.registered',
  'organisation.updated',
]);

/** Older indexes are rebuilt in the background (clock-driven changes); the old one serves meanwhile. */
const REFRESH_MS = 10 * 60_000;
/** Candidates profiled between two yields to the event loop while building. */
const BUILD_CHUNK = 250;

const entries = new Map<string, Entry>();
/** Per county: the chain of candidate reloads, so two events of one candidate patch in order. */
const chains = new Map<string, Promise<void>>();
let listening = false;

/** What the cache did, for the bench and tests. */
export const indexCacheStats = { fullBuilds: 0, patches: 0, removals: 0, reloads: 0 };

/** The candidate an event is about, if it changes one. */
export function candidateOfEvent(event: DomainEvent): { kind: CandidateKind; id: string } | undefined {
  if (!CHANGING.has(event.type)) return undefined;
  const p = event.payload as Record<string, unknown>;
  const c = p.candidate as { kind?: unknown; id?: unknown } | undefined;
  if (c && typeof c.id === 'string' && (c.kind === 'volunteer' || c.kind === 'organisation' || c.kind === 'resource'))
    return { kind: c.kind, id: c.id };
  if (typeof p.resourceId === 'string') return { kind: 'resource', id: p.resourceId };
  if (typeof p.volunteerId === 'string') return { kind: 'volunteer', id: p.volunteerId };
  if (typeof p.organisationId === 'string') return { kind: 'organisation', id: p.organisationId };
  return undefined;
}

function applyTo(entry: CachedIndex, kind: CandidateKind, id: string, found: PoolCandidate | null): void {
  const list: { id: string }[] =
    kind === 'volunteer' ? entry.pool.volunteers : kind === 'organisation' ? entry.pool.organisations : entry.pool.resources;
  const at = list.findIndex((c) => c.id === id);
  if (found) {
    upsertCandidate(entry.index, found);
    if (at >= 0) list[at] = found.item;
    else list.push(found.item);
    indexCacheStats.patches++;
  } else if (removeCandidate(entry.index, kind, id)) {
    if (at >= 0) list.splice(at, 1);
    indexCacheStats.removals++;
  }
}

/** Reload one candidate and patch every index of its county (and note it for builds in progress). */
async function reloadCandidate(countyCode: string, kind: CandidateKind, id: string): Promise<void> {
  const mine = [...entries.values()].filter((e) => e.countyCode === countyCode);
  if (mine.length === 0) return;
  for (const e of mine) e.touched?.set(`${kind}:${id}`, { kind, id });
  indexCacheStats.reloads++;
  const found = await loadPoolCandidate(countyCode, kind, id, new Date());
  for (const e of mine) if (e.current) applyTo(e.current, kind, id, found);
}

/** Queue a reload behind the county's earlier ones; the returned promise settles when it is applied. */
function enqueue(countyCode: string, kind: CandidateKind, id: string): Promise<void> {
  const next = (chains.get(countyCode) ?? Promise.resolve())
    .then(() => reloadCandidate(countyCode, kind, id))
    .catch(logFailure('patching the live index', { countyCode, kind, id }));
  chains.set(countyCode, next);
  void next.then(() => {
    if (chains.get(countyCode) === next) chains.delete(countyCode);
  });
  return next;
}

function ensureListening(): void {
  if (listening) return;
  listening = true;
  // Returning the patch makes it a tracked follow-up of the event (followUpsSettled waits for it).
  subscribe((event) => {
    const c = candidateOfEvent(event);
    return c ? enqueue(event.countyCode, c.kind, c.id) : undefined;
  });
}

/** Resolves when every patch queued so far has been applied (tests, bench). */
export async function patchesSettled(): Promise<void> {
  while (chains.size > 0) await Promise.all([...chains.values()]);
}

/** The matching rules of a station: the defaults merged with the station's override. */
export async function rulesOfStation(stationCode: string): Promise<MatchingRules> {
  // Every station lies in the county its code starts with.
  const scope = { kind: 'station', countyCode: stationCode.slice(0, 6), stationCode } as const;
  const station = await getStation(scope, stationCode).catch(logFailure('reading matching rules', { stationCode }));
  const override = MatchingRulesOverrideSchema.safeParse(station?.matchingRules ?? {});
  return mergeRules(defaultRules, override.success ? override.data : undefined);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Build a new index of the entry's county beside the current one, catch up on changes meanwhile, swap it in. */
function rebuild(entry: Entry, now: Date): Promise<CachedIndex> {
  if (entry.building) return entry.building;
  const touched = new Map<string, { kind: CandidateKind; id: string }>();
  entry.touched = touched;
  const run = async (): Promise<CachedIndex> => {
    const [pool, rules] = await Promise.all([loadCandidatePool(entry.countyCode, now), rulesOfStation(entry.stationCode)]);
    const steps = buildIndexSteps(pool, rules, now, undefined, BUILD_CHUNK);
    let step = steps.next();
    while (!step.done) {
      await yieldToEventLoop();
      step = steps.next();
    }
    const built: CachedIndex = { index: step.value, pool, rules, builtAt: now.getTime() };
    indexCacheStats.fullBuilds++;
    // Changes announced since the pool was read: reload them onto the new index before it serves.
    // Behind the county's queue, so a reload of the old index cannot overtake these.
    await (chains.get(entry.countyCode) ?? Promise.resolve());
    for (const { kind, id } of touched.values()) applyTo(built, kind, id, await loadPoolCandidate(entry.countyCode, kind, id, new Date()));
    return built;
  };
  entry.building = run().then(
    (built) => {
      entry.current = built;
      entry.building = undefined;
      entry.touched = undefined;
      return built;
    },
    (err: unknown) => {
      entry.building = undefined;
      entry.touched = undefined;
      throw err;
    },
  );
  return entry.building;
}

function entryOf(countyCode: string, stationCode: string): Entry {
  const key = `${countyCode}:${stationCode}`;
  let entry = entries.get(key);
  if (!entry) entries.set(key, (entry = { countyCode, stationCode }));
  return entry;
}

/**
 * The county pool indexed with a station's rules. Built once (the first request waits for it), then
 * patched in place by events; an old index is rebuilt in the background while it keeps serving.
 */
export async function indexFor(countyCode: string, stationCode: string, now: Date): Promise<CachedIndex> {
  ensureListening();
  const entry = entryOf(countyCode, stationCode);
  const current = entry.current;
  if (!current) return rebuild(entry, now);
  if (now.getTime() - current.builtAt >= REFRESH_MS && !entry.building)
    void rebuild(entry, now).catch(logFailure('rebuilding the matching index', { countyCode, stationCode }));
  return current;
}

/**
 * A station's rules changed: build its index with them beside the one in use and swap it in. Resolves
 * when the new rules serve (the caller is the admin's change, not a matching request).
 */
export async function rebuildStationIndex(countyCode: string, stationCode: string, now = new Date()): Promise<void> {
  ensureListening();
  const entry = entryOf(countyCode, stationCode);
  if (entry.building) await entry.building.catch(logFailure('rebuilding the matching index', { countyCode, stationCode }));
  await rebuild(entry, now);
}

/**
 * Builds the index of every open station in the background at start-up, one at a time, so the first
 * coordinator of a county does not wait for it (a build reads the county pool: seconds on a big county).
 * A county without candidates is skipped (its indexes are empty and cheap to build on demand). Resolves
 * when every index is built; a failed station is logged and the next one still built. `countyCodes`
 * limits it to those counties.
 */
export async function warmIndexes(
  opts: { log?: Logger; countyCodes?: readonly string[] } = {},
): Promise<{ stations: number; built: number; skipped: number }> {
  const { log, countyCodes } = opts;
  const byCounty = new Map<string, string[]>();
  for (const s of await stationRepository.openStations()) {
    if (countyCodes && !countyCodes.includes(s.countyCode)) continue;
    byCounty.set(s.countyCode, [...(byCounty.get(s.countyCode) ?? []), s.code]);
  }
  let stations = 0;
  let built = 0;
  let skipped = 0;
  for (const [countyCode, codes] of byCounty) {
    stations += codes.length;
    const pool = await loadCandidatePool(countyCode, new Date()).catch(
      logFailure('reading the candidate pool to warm', { countyCode }, log),
    );
    if (!pool || pool.volunteers.length + pool.organisations.length + pool.resources.length === 0) {
      skipped += codes.length;
      continue;
    }
    for (const stationCode of codes) {
      const ok = await indexFor(countyCode, stationCode, new Date()).then(
        () => true,
        (err: unknown) => {
          logFailure('warming the matching index', { countyCode, stationCode }, log)(err);
          return false;
        },
      );
      if (ok) built++;
    }
  }
  return { stations, built, skipped };
}

/** Drops every cached index (tests). */
export function clearIndexCache(): void {
  entries.clear();
}
