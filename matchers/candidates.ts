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
import { hasSafeguardingCert, organisationFeasible, resourceFeasible, staticallyExcluded, volunteerFeasible } from './rules.js';
import { PoolSchema, type Pool } from './types.js';

/** Volunteers are split by service radius so one far-reaching volunteer does not widen every geo query. */
const RADIUS_TIERS = [3, 6, 12, 25, 50, Infinity];
/** A category posting lists a candidate when its membership weight reaches this. */
const CATEGORY_POSTING_MIN = 0.5;
/** Words carried by more than this share of candidates are too common to drive recall (categories cover them). */
const MAX_RECALL_DF_SHARE = 0.02;
/** Resources are recalled by their words first (rice for rice); the whole material category only when too few match. */
const MIN_RESOURCE_RECALL = 12;
/** Recall of resources stops adding words once this many are in (rarest words go first). */
const MAX_RESOURCE_RECALL = 400;

interface VolunteerTier {
  maxRadius: number;
  ids: number[];
  tree: KDBush;
}

/** Per-kind data of the index. */
interface KindIndex {
  profiles: CandidateProfile[];
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
  /** Per taxonomy category: kd-trees of the live volunteers of that category, one per radius tier. */
  volunteerTrees: VolunteerTier[][];
  /** Volunteers holding a child-safeguarding certification from the rules' list. */
  safeguarded: Uint8Array;
  /** Organisations' community coverage as sets (undefined for circle coverage). */
  orgCommunities: (Set<string> | undefined)[];
  /** Resources' expiry in epoch ms (+Infinity when none). */
  resourceExpiry: Float64Array;
  /** Document frequency of each word over all candidates, for IDF. */
  df: Map<string, number>;
  size: number;
  epoch: number;
}

function kindIndex(engine: Engine, profiles: CandidateProfile[], dead: Uint8Array, df: Map<string, number>): KindIndex {
  const byCategory: number[][] = engine.codes.map(() => []);
  const byToken = new Map<string, number[]>();
  profiles.forEach((p, i) => {
    const set = p.tokenSet;
    for (let c = 0; c < engine.codes.length; c++) if (p.categoryWeights[c] >= CATEGORY_POSTING_MIN) byCategory[c].push(i);
    for (const t of set) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (dead[i]) continue;
      const list = byToken.get(t);
      if (list) list.push(i);
      else byToken.set(t, [i]);
    }
  });
  return { profiles, dead, byCategory, byToken, stamp: new Uint32Array(profiles.length) };
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

  // One pass to bucket live volunteers by (category, radius tier), then one kd-tree per bucket.
  const buckets: number[][][] = engine.codes.map(() => RADIUS_TIERS.map(() => []));
  pool.volunteers.forEach((v, i) => {
    if (vDead[i]) return;
    const tier = RADIUS_TIERS.findIndex((upper) => v.radiusKm <= upper);
    const w = vProfiles[i].categoryWeights;
    for (let c = 0; c < w.length; c++) if (w[c] >= CATEGORY_POSTING_MIN) buckets[c][tier].push(i);
  });
  const volunteerTrees: VolunteerTier[][] = buckets.map((tiers) =>
    tiers
      .filter((ids) => ids.length > 0)
      .map((ids) => {
        const tree = new KDBush(ids.length);
        let maxRadius = 0;
        for (const i of ids) {
          const v = pool.volunteers[i];
          tree.add(v.location.lng, v.location.lat);
          maxRadius = Math.max(maxRadius, v.radiusKm);
        }
        tree.finish();
        return { maxRadius, ids, tree };
      }),
  );

  return {
    engine,
    nowMs,
    pool,
    volunteers: kindIndex(engine, vProfiles, vDead, df),
    organisations: kindIndex(engine, oProfiles, oDead, df),
    resources: kindIndex(engine, rProfiles, rDead, df),
    volunteerTrees,
    safeguarded: Uint8Array.from(pool.volunteers, (v) => (hasSafeguardingCert(v.certifications, rules.childSafeguardingCertifications) ? 1 : 0)),
    orgCommunities: pool.organisations.map((o) => ('communityCodes' in o.coverage ? new Set(o.coverage.communityCodes) : undefined)),
    resourceExpiry: Float64Array.from(pool.resources, (r) => (r.expiresAt === undefined ? Infinity : Date.parse(r.expiresAt))),
    df,
    size: vProfiles.length + oProfiles.length + rProfiles.length,
    epoch: 0,
  };
}

/** Inverse document frequency of a word over the pool (unknown words weigh the most). */
export function idfOf(index: MatchIndex, t: string): number {
  return Math.log(1 + (index.size + 1) / (1 + (index.df.get(t) ?? 0)));
}

/** A feasible candidate (passed every hard rule for the need): its profile, which carries the pool item. */
export type Feasible = CandidateProfile;

function nextEpoch(index: MatchIndex): number {
  index.epoch++;
  if (index.epoch >= 0xffffffff) {
    // Wrap-around: clear stamps so old marks never look current.
    for (const k of [index.volunteers, index.organisations, index.resources]) k.stamp.fill(0);
    index.epoch = 1;
  }
  return index.epoch;
}

/**
 * Mark (once per need) and return live candidates of one kind sharing a word with the need.
 * Skips words carried by more than `maxDf` candidates, and (when `skipTerms`) taxonomy terms,
 * whose holders the category postings already bring in. Rarest words first; stops past `limit`.
 */
function recallByTokens(
  index: MatchIndex,
  k: KindIndex,
  np: NeedProfile,
  epoch: number,
  maxDf: number,
  skipTerms: boolean,
  limit = Infinity,
  out: number[] = [],
): number[] {
  const lists: number[][] = [];
  for (const t of np.text.tokens) {
    if (skipTerms && index.engine.termSet.has(t)) continue;
    const list = k.byToken.get(t);
    if (list && list.length <= maxDf) lists.push(list);
  }
  lists.sort((a, b) => a.length - b.length);
  for (const list of lists) {
    if (out.length >= limit) break;
    for (const i of list) {
      if (k.stamp[i] !== epoch) {
        k.stamp[i] = epoch;
        out.push(i);
      }
    }
  }
  return out;
}

/** Mark and return live candidates of one kind listed under the need's categories (weight ≥ 0.5). */
function recallByCategory(k: KindIndex, np: NeedProfile, epoch: number, out: number[] = []): number[] {
  const w = np.categoryWeights;
  for (let c = 0; c < w.length; c++) {
    if (w[c] < CATEGORY_POSTING_MIN) continue;
    for (const i of k.byCategory[c]) {
      if (k.stamp[i] !== epoch && !k.dead[i]) {
        k.stamp[i] = epoch;
        out.push(i);
      }
    }
  }
  return out;
}

/** Equirectangular distance in km around the need's latitude: a cheap pre-filter, exact enough at county scale. */
function approxKm(lat0: number, lng0: number, kmPerDegLng: number, lat: number, lng: number): number {
  const dy = (lat - lat0) * 111.195;
  const dx = (lng - lng0) * kmPerDegLng;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Candidate generation: live candidates relevant to the need (category postings, kd-trees of the
 * category's volunteers by radius tier, rarer shared words) and not obviously out of reach.
 * Not yet checked against every hard rule: isFeasible does that, lazily, best bound first.
 * Cost grows with the relevant nearby candidates, not with the pool.
 */
export function recallCandidates(index: MatchIndex, np: NeedProfile): CandidateProfile[] {
  const { engine, pool } = index;
  const out: CandidateProfile[] = [];
  const epoch = nextEpoch(index);
  const hr = engine.rules.hardRules;
  const wantServices = !np.material || !hr.needKind;
  const wantResources = np.material || !hr.needKind;
  const maxDf = Math.max(50, index.size * MAX_RECALL_DF_SHARE);
  const { lat, lng } = np.need.location;
  const kmPerDegLng = 111.195 * Math.cos((lat * Math.PI) / 180);

  if (wantServices) {
    const V = index.volunteers;
    const near = (i: number) => {
      if (!hr.volunteerRadius) return true;
      const v = pool.volunteers[i];
      // 3% slack: the approximation must never drop a volunteer that haversine would keep.
      return approxKm(lat, lng, kmPerDegLng, v.location.lat, v.location.lng) * 0.97 <= v.radiusKm;
    };
    for (const i of recallByTokens(index, V, np, epoch, maxDf, true)) if (near(i)) out.push(V.profiles[i]);
    const w = np.categoryWeights;
    if (!hr.volunteerRadius) for (const i of recallByCategory(V, np, epoch)) out.push(V.profiles[i]);
    else {
      for (let c = 0; c < w.length; c++) {
        if (w[c] < CATEGORY_POSTING_MIN) continue;
        for (const tier of index.volunteerTrees[c]) {
          const bb = boundingBox(np.need.location, tier.maxRadius);
          for (const h of tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat)) {
            const i = tier.ids[h];
            if (V.stamp[i] === epoch) continue;
            V.stamp[i] = epoch;
            if (near(i)) out.push(V.profiles[i]);
          }
        }
      }
    }
    const O = index.organisations;
    const orgs = recallByTokens(index, O, np, epoch, maxDf, true);
    recallByCategory(O, np, epoch, orgs);
    for (const i of orgs) out.push(O.profiles[i]);
  }
  if (wantResources) {
    const R = index.resources;
    // Words first, even fairly common ones: within a material category the word tells rice from wheelchairs.
    const res = recallByTokens(index, R, np, epoch, Math.max(50, R.profiles.length * 0.25), false, MAX_RESOURCE_RECALL);
    if (res.length < MIN_RESOURCE_RECALL) recallByCategory(R, np, epoch, res);
    for (const i of res) out.push(R.profiles[i]);
  }
  return out;
}

/** True when no hard rule excludes this recalled candidate from the need. */
export function isFeasible(index: MatchIndex, np: NeedProfile, cp: CandidateProfile, nowMs: number = index.nowMs): boolean {
  const { engine } = index;
  const c = cp.item;
  switch (c.kind) {
    case 'volunteer':
      return volunteerFeasible(engine, np, c.item, cp.intervals, index.safeguarded[cp.idx] === 1);
    case 'organisation':
      return organisationFeasible(engine, np, c.item, index.orgCommunities[cp.idx]);
    case 'resource':
      return resourceFeasible(engine, np, c.item, index.resourceExpiry[cp.idx], nowMs);
  }
}

/** Every feasible candidate of a need (recall, then all hard rules); for explanations and tests. */
export function feasibleCandidates(index: MatchIndex, np: NeedProfile, nowMs: number = index.nowMs): Feasible[] {
  return recallCandidates(index, np).filter((cp) => isFeasible(index, np, cp, nowMs));
}
