import KDBush from 'kdbush';
import { defaultRules, defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { boundingBox } from './geo.js';
import {
  getEngine,
  profileOrganisation,
  profileResource,
  profileVolunteer,
  type CandidateProfile,
  type Engine,
  type NeedProfile,
} from './profile.js';
import { organisationExclusions, resourceExclusions, staticallyExcluded, volunteerExclusions } from './rules.js';
import type { PoolItem } from './scorers.js';
import { PoolSchema, type Pool } from './types.js';

/** Volunteers are split by service radius so one far-reaching volunteer does not widen every geo query. */
const RADIUS_TIERS = [3, 6, 12, 25, 50, Infinity];
/** A category posting lists a candidate when its membership weight reaches this. */
const CATEGORY_POSTING_MIN = 0.5;
/** Words carried by more than this share of candidates are too common to drive recall. */
const MAX_RECALL_DF_SHARE = 0.15;

interface VolunteerTier {
  maxRadius: number;
  ids: number[];
  tree: KDBush;
}

/** Per-kind data of the index. */
interface KindIndex {
  profiles: CandidateProfile[];
  tokenSets: Set<string>[];
  /** 1 when a need-independent hard rule (full, expired, depleted) already excludes the candidate. */
  dead: Uint8Array;
  byCategory: number[][];
  byToken: Map<string, number[]>;
  /** Epoch stamps for de-duplicated marking without clearing an array per need. */
  stamp: Uint32Array;
}

/** A county's candidate pool, indexed once for fast per-need ranking (see buildIndex). */
export interface MatchIndex {
  engine: Engine;
  nowMs: number;
  pool: Pool;
  volunteers: KindIndex;
  organisations: KindIndex;
  resources: KindIndex;
  volunteerTiers: VolunteerTier[];
  /** Document frequency of each word over all candidates, for IDF. */
  df: Map<string, number>;
  size: number;
  epoch: number;
}

function kindIndex(engine: Engine, profiles: CandidateProfile[], dead: Uint8Array, df: Map<string, number>): KindIndex {
  const byCategory: number[][] = engine.codes.map(() => []);
  const byToken = new Map<string, number[]>();
  const tokenSets: Set<string>[] = [];
  profiles.forEach((p, i) => {
    const set = new Set(p.text.tokens);
    tokenSets.push(set);
    for (let c = 0; c < engine.codes.length; c++) if (p.categoryWeights[c] >= CATEGORY_POSTING_MIN) byCategory[c].push(i);
    for (const t of set) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (dead[i]) continue;
      const list = byToken.get(t);
      if (list) list.push(i);
      else byToken.set(t, [i]);
    }
  });
  return { profiles, tokenSets, dead, byCategory, byToken, stamp: new Uint32Array(profiles.length) };
}

/**
 * Build the index of a pool once (validated with zod): text profiles, category and word postings,
 * a kd-tree of volunteers per radius tier, and need-independent exclusions at clock `now`.
 */
export function buildIndex(
  poolInput: Pool | unknown,
  rules: MatchingRules = defaultRules,
  now: Date | string | number = 0,
  taxonomy: Taxonomy = defaultTaxonomy,
): MatchIndex {
  const pool = PoolSchema.parse(poolInput);
  const engine = getEngine(rules, taxonomy);
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime();
  if (Number.isNaN(nowMs)) throw new Error('buildIndex: invalid now');
  const df = new Map<string, number>();

  const vProfiles = pool.volunteers.map((v, i) => profileVolunteer(engine, v, i));
  const vDead = Uint8Array.from(pool.volunteers, (v) => (staticallyExcluded(engine, { kind: 'volunteer', item: v }, nowMs) ? 1 : 0));
  const oProfiles = pool.organisations.map((o, i) => profileOrganisation(engine, o, i));
  const oDead = Uint8Array.from(pool.organisations, (o) => (staticallyExcluded(engine, { kind: 'organisation', item: o }, nowMs) ? 1 : 0));
  const rProfiles = pool.resources.map((r, i) => profileResource(engine, r, i));
  const rDead = Uint8Array.from(pool.resources, (r) => (staticallyExcluded(engine, { kind: 'resource', item: r }, nowMs) ? 1 : 0));

  const volunteerTiers: VolunteerTier[] = [];
  let lower = -Infinity;
  for (const upper of RADIUS_TIERS) {
    const ids: number[] = [];
    let maxRadius = 0;
    pool.volunteers.forEach((v, i) => {
      if (vDead[i] || !(v.radiusKm > lower && v.radiusKm <= upper)) return;
      ids.push(i);
      maxRadius = Math.max(maxRadius, v.radiusKm);
    });
    lower = upper;
    if (!ids.length) continue;
    const tree = new KDBush(ids.length);
    for (const i of ids) tree.add(pool.volunteers[i].location.lng, pool.volunteers[i].location.lat);
    tree.finish();
    volunteerTiers.push({ maxRadius, ids, tree });
  }

  return {
    engine,
    nowMs,
    pool,
    volunteers: kindIndex(engine, vProfiles, vDead, df),
    organisations: kindIndex(engine, oProfiles, oDead, df),
    resources: kindIndex(engine, rProfiles, rDead, df),
    volunteerTiers,
    df,
    size: vProfiles.length + oProfiles.length + rProfiles.length,
    epoch: 0,
  };
}

/** Inverse document frequency of a word over the pool (unknown words weigh the most). */
export function idfOf(index: MatchIndex, t: string): number {
  return Math.log(1 + (index.size + 1) / (1 + (index.df.get(t) ?? 0)));
}

/** A feasible candidate: passed every hard rule for the need. */
export interface Feasible {
  item: PoolItem;
  profile: CandidateProfile;
  tokens: Set<string>;
}

function nextEpoch(index: MatchIndex): number {
  index.epoch++;
  if (index.epoch >= 0xffffffff) {
    // Wrap-around: clear stamps so old marks never look current.
    for (const k of [index.volunteers, index.organisations, index.resources]) k.stamp.fill(0);
    index.epoch = 1;
  }
  return index.epoch;
}

/** Mark candidates of one kind that are relevant by category or by a not-too-common shared word; returns them. */
function recall(index: MatchIndex, k: KindIndex, np: NeedProfile, epoch: number): number[] {
  const out: number[] = [];
  const mark = (i: number) => {
    if (k.stamp[i] !== epoch && !k.dead[i]) {
      k.stamp[i] = epoch;
      out.push(i);
    }
  };
  const w = np.categoryWeights;
  for (let c = 0; c < w.length; c++) if (w[c] >= 0.5) for (const i of k.byCategory[c]) mark(i);
  const maxDf = Math.max(20, index.size * MAX_RECALL_DF_SHARE);
  for (const t of np.text.tokens) {
    const list = k.byToken.get(t);
    if (list && list.length <= maxDf) for (const i of list) mark(i);
  }
  return out;
}

/**
 * Candidate generation: only candidates that are relevant (category or word postings), near enough
 * (kd-tree by radius tier, then haversine) and pass every hard rule. Cost grows with feasible pairs, not pool size.
 */
export function feasibleCandidates(index: MatchIndex, np: NeedProfile, nowMs: number = index.nowMs): Feasible[] {
  const { engine, pool } = index;
  const out: Feasible[] = [];
  const epoch = nextEpoch(index);
  const hr = engine.rules.hardRules;
  const wantServices = !np.material || !hr.needKind;
  const wantResources = np.material || !hr.needKind;

  if (wantServices) {
    const V = index.volunteers;
    const relevant = recall(index, V, np, epoch);
    if (relevant.length) {
      const loc = np.need.location;
      const check = (i: number) => {
        const v = pool.volunteers[i];
        if (volunteerExclusions(engine, np, v, V.profiles[i].intervals, false).length) return;
        out.push({ item: { kind: 'volunteer', item: v }, profile: V.profiles[i], tokens: V.tokenSets[i] });
      };
      if (!hr.volunteerRadius) relevant.sort((a, b) => a - b).forEach(check);
      else {
        // Bounding-box hits of each radius tier, kept only if relevant; the exact radius check is in volunteerExclusions.
        for (const tier of index.volunteerTiers) {
          const bb = boundingBox(loc, tier.maxRadius);
          const hits = tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat);
          for (const h of hits) {
            const i = tier.ids[h];
            if (V.stamp[i] === epoch) check(i);
          }
        }
      }
    }
    const O = index.organisations;
    for (const i of recall(index, O, np, epoch)) {
      const o = pool.organisations[i];
      if (organisationExclusions(engine, np, o, false).length) continue;
      out.push({ item: { kind: 'organisation', item: o }, profile: O.profiles[i], tokens: O.tokenSets[i] });
    }
  }
  if (wantResources) {
    const R = index.resources;
    for (const i of recall(index, R, np, epoch)) {
      const r = pool.resources[i];
      if (resourceExclusions(engine, np, r, nowMs, false).length) continue;
      out.push({ item: { kind: 'resource', item: r }, profile: R.profiles[i], tokens: R.tokenSets[i] });
    }
  }
  return out;
}
