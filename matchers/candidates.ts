import KDBush from 'kdbush';
import { defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { boundingBox, haversineKm } from './geo.js';
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
import { hourMask } from './schedule.js';
import { writeSignature } from './text/signature.js';
import { PoolSchema, type CandidateKind, type Pool } from './types.js';

/** Volunteers (and circle-coverage organisations) are split by radius so one far-reaching entry does not widen every geo query. */
const RADIUS_TIERS = [3, 6, 12, 25, 50, Infinity];
/** A category posting lists a candidate when its membership weight reaches this. */
export const CATEGORY_POSTING_MIN = 0.5;
/** Words carried by more than this share of candidates are too common to drive recall (categories cover them). */
const MAX_RECALL_DF_SHARE = 0.02;
/** Resources are recalled by their words first (rice for rice); the whole material category only when too few match. */
const MIN_RESOURCE_RECALL = 12;
/** Recall of resources stops adding words once this many are in (rarest words go first). */
const MAX_RESOURCE_RECALL = 400;

/** Points in a kd-tree, with the largest radius among them (the query distance). */
interface Tier {
  maxRadius: number;
  ids: number[];
  tree: KDBush;
}

/**
 * Per-kind data of the index. Besides the profiles (objects), the facts needed to bound a score are
 * kept in flat typed arrays: scanning hundreds of candidates per need then reads contiguous memory
 * instead of chasing pointers (cache misses dominated the per-candidate cost).
 */
export interface KindIndex {
  kind: CandidateKind;
  profiles: CandidateProfile[];
  /** 1 when a need-independent hard rule (full, expired, depleted) already excludes the candidate. */
  dead: Uint8Array;
  byCategory: number[][];
  byToken: Map<string, number[]>;
  /** Each candidate's words as sorted ids (MatchIndex.wordIds) in one flat array: tokIds[tokOff[i] .. tokOff[i+1]). */
  tokOff: Int32Array;
  tokIds: Int32Array;
  /** Epoch stamps for de-duplicated marking without clearing an array per need. */
  stamp: Uint32Array;
  /** Second stamp array: "recalled by a word" while the coverage pass runs. */
  mark: Uint32Array;
  /** Number of taxonomy categories (row width of catW and conceptU). */
  C: number;
  /** Category membership, row per candidate. */
  catW: Float32Array;
  /** Unit concept vector of the text, row per candidate. */
  conceptU: Float32Array;
  /** Location (NaN when none). */
  lat: Float64Array;
  lng: Float64Array;
  /** Volunteers/organisations: static load score; resources: remaining amount. */
  load: Float64Array;
  /** Volunteers: service radius; circle-coverage organisations: coverage radius (NaN otherwise). */
  radius: Float64Array;
  /** Circle-coverage organisations: centre (NaN otherwise). */
  cLat: Float64Array;
  cLng: Float64Array;
  /** Resources: id of the remaining amount's unit (see MatchIndex.units). */
  unitId: Int32Array;
  /** Word signatures, two words per candidate (text/signature.ts). */
  sig: Uint32Array;
  /** Volunteers: availability hour slots, six words per candidate. */
  hours: Uint32Array;
  /**
   * The facts a bound needs, packed in one 128-byte record per candidate (two cache lines: header, then
   * category bytes), read through typed views of one buffer. Offsets: REC_* (32-bit words) and REC_CAT (bytes).
   * Values are rounded so that bounds never drop below the exact figures.
   */
  recF32: Float32Array;
  recU32: Uint32Array;
  recI32: Int32Array;
  recU8: Uint8Array;
  /** Record size in 32-bit words (bytes = 4 × words). */
  stride: number;
}

/** Record word: latitude (NaN when unlocated). */
export const REC_LAT = 0;
/** Record word: longitude. */
export const REC_LNG = 1;
/** Record words: word signature, two 32-bit words. */
export const REC_SIG = 2;
/** Record words: availability hour slots, six 32-bit words (volunteers). */
export const REC_HOURS = 4;
/** Record word: static load score (volunteers, organisations) or remaining amount (resources), rounded up. */
export const REC_LOAD = 10;
/** Record word: service radius (volunteers) or coverage radius (circle organisations), rounded up. */
export const REC_RADIUS = 11;
/** Record word: resources' eligible groups as a bit mask over MatchIndex.groupBits (-1: no restriction or unmapped). */
export const REC_GROUPS = 12;
/** Record word: unit id of a resource's remaining amount. */
export const REC_UNIT = 13;
/** Record word: 1 when a volunteer holds a child-safeguarding certification (always 1 for others). */
export const REC_SAFE = 14;
/** Record word: goods items a resource offers, with the broader items (bit mask over engine.items; 0 for others). */
export const REC_ITEMS = 15;
/** Record byte: category c's membership at REC_CAT + c and unit concept number at REC_CAT + C + c, as ⌈255 × value⌉. */
export const REC_CAT = 64;

/** Round up to float32 (bounds must never be below the exact value). */
const up32 = (x: number) => (Number.isFinite(x) ? Math.fround(x * (1 + 1e-6) + 1e-6) : x);

function pack(k: KindIndex, extra: (i: number, f32: Float32Array, i32: Int32Array, w: number) => void): void {
  const C = k.C;
  const bytes = REC_CAT + Math.ceil((2 * C) / 64) * 64;
  const S = bytes / 4;
  const n = k.profiles.length;
  const buf = new ArrayBuffer(n * bytes);
  const f32 = new Float32Array(buf);
  const u32 = new Uint32Array(buf);
  const i32 = new Int32Array(buf);
  const u8 = new Uint8Array(buf);
  for (let i = 0; i < n; i++) {
    const w = i * S;
    f32[w + REC_LAT] = k.lat[i];
    f32[w + REC_LNG] = k.lng[i];
    u32[w + REC_SIG] = k.sig[2 * i];
    u32[w + REC_SIG + 1] = k.sig[2 * i + 1];
    if (k.hours.length) for (let h = 0; h < 6; h++) u32[w + REC_HOURS + h] = k.hours[6 * i + h];
    f32[w + REC_LOAD] = up32(k.load[i]);
    f32[w + REC_RADIUS] = up32(k.radius[i]);
    i32[w + REC_UNIT] = k.unitId[i];
    i32[w + REC_ITEMS] = k.profiles[i].itemMask;
    extra(i, f32, i32, w);
    const b = i * bytes + REC_CAT;
    for (let c = 0; c < C; c++) {
      u8[b + c] = Math.min(255, Math.ceil(k.catW[i * C + c] * 255));
      u8[b + C + c] = Math.min(255, Math.ceil(k.conceptU[i * C + c] * 255));
    }
  }
  k.recF32 = f32;
  k.recU32 = u32;
  k.recI32 = i32;
  k.recU8 = u8;
  k.stride = S;
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
  volunteerTrees: Tier[][];
  /** Per taxonomy category: kd-trees of live circle-coverage organisations (centres) of that category, per radius tier. */
  organisationTrees: Tier[][];
  /** Live list-coverage organisations by community code. */
  organisationsByCommunity: Map<string, number[]>;
  /** Volunteers holding a child-safeguarding certification from the rules' list. */
  safeguarded: Uint8Array;
  /** Beneficiary group → bit in REC_GROUPS masks. */
  groupBits: Map<string, number>;
  /** Organisations' community coverage as sets (undefined for circle coverage). */
  orgCommunities: (Set<string> | undefined)[];
  /** Resources' expiry in epoch ms (+Infinity when none). */
  resourceExpiry: Float64Array;
  /** Quantity units seen in the pool → small ids. */
  units: Map<string, number>;
  /** Document frequency of each word over all candidates, for IDF. */
  df: Map<string, number>;
  /** Every word of the pool → a small integer id (for the flat word lists). */
  wordIds: Map<string, number>;
  size: number;
  epoch: number;
}

function kindIndex(
  engine: Engine,
  kind: CandidateKind,
  profiles: CandidateProfile[],
  dead: Uint8Array,
  df: Map<string, number>,
  wordIds: Map<string, number>,
  load: (i: number) => number,
  unitId: (i: number) => number,
): KindIndex {
  const C = engine.codes.length;
  const n = profiles.length;
  const byCategory: number[][] = engine.codes.map(() => []);
  const byToken = new Map<string, number[]>();
  const k: KindIndex = {
    kind,
    profiles,
    dead,
    byCategory,
    byToken,
    tokOff: new Int32Array(n + 1),
    tokIds: new Int32Array(0),
    stamp: new Uint32Array(n),
    mark: new Uint32Array(n),
    C,
    catW: new Float32Array(n * C),
    conceptU: new Float32Array(n * C),
    lat: new Float64Array(n).fill(NaN),
    lng: new Float64Array(n).fill(NaN),
    load: new Float64Array(n),
    radius: new Float64Array(n).fill(NaN),
    cLat: new Float64Array(n).fill(NaN),
    cLng: new Float64Array(n).fill(NaN),
    unitId: new Int32Array(n).fill(-1),
    sig: new Uint32Array(2 * n),
    hours: new Uint32Array(kind === 'volunteer' ? 6 * n : 0),
    recF32: new Float32Array(0),
    recU32: new Uint32Array(0),
    recI32: new Int32Array(0),
    recU8: new Uint8Array(0),
    stride: 0,
  };
  const flat: number[] = [];
  profiles.forEach((p, i) => {
    const ids: number[] = [];
    for (const t of p.tokenSet) {
      let id = wordIds.get(t);
      if (id === undefined) wordIds.set(t, (id = wordIds.size));
      ids.push(id);
    }
    ids.sort((a, b) => a - b);
    k.tokOff[i] = flat.length;
    for (const id of ids) flat.push(id);
    for (let c = 0; c < C; c++) {
      // Float32 storage rounds; bounds must not drop below the Float64 truth, so round membership up a hair.
      k.catW[i * C + c] = p.categoryWeights[c] > 0 ? p.categoryWeights[c] + 1e-6 : 0;
      k.conceptU[i * C + c] = p.conceptUnit[c] > 0 ? p.conceptUnit[c] + 1e-6 : 0;
      if (p.categoryWeights[c] >= CATEGORY_POSTING_MIN) byCategory[c].push(i);
    }
    if (p.location) {
      k.lat[i] = p.location.lat;
      k.lng[i] = p.location.lng;
    }
    k.load[i] = load(i);
    k.unitId[i] = unitId(i);
    writeSignature(p.tokenSet, k.sig, 2 * i);
    if (kind === 'volunteer') hourMask(p.intervals, k.hours, 6 * i);
    for (const t of p.tokenSet) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (dead[i]) continue;
      const list = byToken.get(t);
      if (list) list.push(i);
      else byToken.set(t, [i]);
    }
  });
  k.tokOff[n] = flat.length;
  k.tokIds = Int32Array.from(flat);
  return k;
}

function buildTiers(ids: number[], radius: (i: number) => number, point: (i: number) => { lat: number; lng: number }): Tier[] {
  const buckets: number[][] = RADIUS_TIERS.map(() => []);
  for (const i of ids) buckets[RADIUS_TIERS.findIndex((upper) => radius(i) <= upper)].push(i);
  return buckets
    .filter((b) => b.length > 0)
    .map((b) => {
      const tree = new KDBush(b.length);
      let maxRadius = 0;
      for (const i of b) {
        const p = point(i);
        tree.add(p.lng, p.lat);
        maxRadius = Math.max(maxRadius, radius(i));
      }
      tree.finish();
      return { maxRadius, ids: b, tree };
    });
}

/**
 * Build the index of a pool once (validated with zod): text profiles, category and word postings,
 * kd-trees of volunteers per category and radius tier and of organisation coverage, time-slot masks,
 * and need-independent exclusions at clock `now`.
 */
export function buildIndex(
  poolInput: Pool | unknown,
  rules: MatchingRules,
  now: Date | string | number,
  taxonomy: Taxonomy = defaultTaxonomy,
): MatchIndex {
  const pool = PoolSchema.parse(poolInput);
  const engine = getEngine(rules, taxonomy);
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime();
  if (Number.isNaN(nowMs)) throw new Error('buildIndex: invalid now');
  const df = new Map<string, number>();
  const wordIds = new Map<string, number>();
  const units = new Map<string, number>();
  const unitOf = (u: string) => {
    let id = units.get(u);
    if (id === undefined) units.set(u, (id = units.size));
    return id;
  };
  const { volunteers: vs, organisations: os, resources: rs } = pool;

  const vDead = Uint8Array.from(vs, (v) => (staticallyExcluded(engine, { kind: 'volunteer', item: v }, nowMs) ? 1 : 0));
  const oDead = Uint8Array.from(os, (o) => (staticallyExcluded(engine, { kind: 'organisation', item: o }, nowMs) ? 1 : 0));
  const rDead = Uint8Array.from(rs, (r) => (staticallyExcluded(engine, { kind: 'resource', item: r }, nowMs) ? 1 : 0));
  const volunteers = kindIndex(
    engine,
    'volunteer',
    vs.map((v, i) => profileVolunteer(engine, v, i)),
    vDead,
    df,
    wordIds,
    (i) => (vs[i].maxActive > 0 ? 1 - vs[i].active / vs[i].maxActive : 0),
    () => -1,
  );
  const organisations = kindIndex(
    engine,
    'organisation',
    os.map((o, i) => profileOrganisation(engine, o, i)),
    oDead,
    df,
    wordIds,
    (i) => (os[i].capacityPerMonth > 0 ? Math.max(0, 1 - os[i].usedThisMonth / os[i].capacityPerMonth) : 0),
    () => -1,
  );
  const resources = kindIndex(
    engine,
    'resource',
    rs.map((r, i) => profileResource(engine, r, i)),
    rDead,
    df,
    wordIds,
    (i) => rs[i].remaining.amount,
    (i) => unitOf(rs[i].remaining.unit),
  );

  // Volunteers bucketed by (category, radius tier); a kd-tree per bucket.
  const volunteerTrees: Tier[][] = engine.codes.map((_, c) => {
    const ids: number[] = [];
    for (let i = 0; i < vs.length; i++) if (!vDead[i] && volunteers.catW[i * volunteers.C + c] >= CATEGORY_POSTING_MIN) ids.push(i);
    return buildTiers(
      ids,
      (i) => vs[i].radiusKm,
      (i) => vs[i].location,
    );
  });
  vs.forEach((v, i) => (volunteers.radius[i] = v.radiusKm));
  const organisationsByCommunity = new Map<string, number[]>();
  os.forEach((o, i) => {
    if ('center' in o.coverage) {
      organisations.radius[i] = o.coverage.radiusKm;
      organisations.cLat[i] = o.coverage.center.lat;
      organisations.cLng[i] = o.coverage.center.lng;
    }
    if (oDead[i]) return;
    if (!('center' in o.coverage))
      for (const code of new Set(o.coverage.communityCodes)) {
        const list = organisationsByCommunity.get(code);
        if (list) list.push(i);
        else organisationsByCommunity.set(code, [i]);
      }
  });
  const organisationTrees: Tier[][] = engine.codes.map((_, c) => {
    const ids: number[] = [];
    for (let i = 0; i < os.length; i++)
      if (!oDead[i] && !Number.isNaN(organisations.radius[i]) && organisations.catW[i * organisations.C + c] >= CATEGORY_POSTING_MIN)
        ids.push(i);
    return buildTiers(
      ids,
      (i) => organisations.radius[i],
      (i) => ({ lat: organisations.cLat[i], lng: organisations.cLng[i] }),
    );
  });

  // Beneficiary groups → bits (up to 31), so resource group eligibility is a mask test in the bound.
  const groupBits = new Map<string, number>();
  for (const r of rs)
    for (const g of r.eligibility.groups ?? []) if (!groupBits.has(g) && groupBits.size < 31) groupBits.set(g, groupBits.size);
  const safeguarded = Uint8Array.from(vs, (v) => (hasSafeguardingCert(v.certifications, rules.childSafeguardingCertifications) ? 1 : 0));
  pack(volunteers, (i, _f, i32, w) => {
    i32[w + REC_GROUPS] = -1;
    i32[w + REC_SAFE] = safeguarded[i];
  });
  pack(organisations, (_i, _f, i32, w) => {
    i32[w + REC_GROUPS] = -1;
    i32[w + REC_SAFE] = 1;
  });
  pack(resources, (i, _f, i32, w) => {
    const groups = rs[i].eligibility.groups;
    let mask = groups ? 0 : -1;
    for (const g of groups ?? []) {
      const b = groupBits.get(g);
      if (b === undefined) mask = -1; // a group past 31 bits: leave the exact check to the hard rule
      if (mask !== -1 && b !== undefined) mask |= 1 << b;
    }
    i32[w + REC_GROUPS] = mask;
    i32[w + REC_SAFE] = 1;
  });

  return {
    engine,
    nowMs,
    pool,
    volunteers,
    organisations,
    resources,
    volunteerTrees,
    organisationTrees,
    organisationsByCommunity,
    safeguarded,
    groupBits,
    orgCommunities: os.map((o) => ('communityCodes' in o.coverage ? new Set(o.coverage.communityCodes) : undefined)),
    resourceExpiry: Float64Array.from(rs, (r) => (r.expiresAt === undefined ? Infinity : Date.parse(r.expiresAt))),
    units,
    df,
    wordIds,
    size: vs.length + os.length + rs.length,
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
    for (const k of [index.volunteers, index.organisations, index.resources]) {
      k.stamp.fill(0);
      k.mark.fill(0);
    }
    index.epoch = 1;
  }
  return index.epoch;
}

/**
 * Live candidates of one kind sharing a word with the need, rarest words first, into `out` (deduplicated
 * with `stamps`). Skips words carried by more than `maxDf` candidates and, when `skipTerms`, taxonomy terms,
 * whose holders the category postings already bring in. Stops adding words past `limit`.
 */
function recallByTokens(
  index: MatchIndex,
  k: KindIndex,
  np: NeedProfile,
  stamps: Uint32Array,
  epoch: number,
  maxDf: number,
  skipTerms: boolean,
  limit: number,
  out: number[],
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
      if (stamps[i] !== epoch) {
        stamps[i] = epoch;
        out.push(i);
      }
    }
  }
  return out;
}

/** Live candidates of one kind listed under the need's categories (weight ≥ 0.5), into `out`. */
function recallByCategory(k: KindIndex, np: NeedProfile, epoch: number, out: number[]): number[] {
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

/** True when the candidate's row of catW reaches the posting threshold in one of the need's categories. */
function inNeedCategories(k: KindIndex, i: number, np: NeedProfile): boolean {
  const w = np.categoryWeights;
  for (const c of np.categoryNz) if (w[c] >= CATEGORY_POSTING_MIN && k.catW[i * k.C + c] >= CATEGORY_POSTING_MIN) return true;
  return false;
}

/** Recalled candidates of one need, by kind, as positions in each kind's arrays. */
export interface Recalled {
  volunteers: number[];
  organisations: number[];
  resources: number[];
}

/**
 * Candidate generation: live candidates relevant to the need (category postings, rarer shared words) and
 * in reach (kd-trees of the category's volunteers per radius tier with an equirectangular pre-check;
 * organisations through their coverage: community lists and kd-trees of centres).
 * Not yet checked against every hard rule: isFeasible does that, lazily, best bound first.
 * Cost grows with the relevant candidates in reach, not with the pool.
 */
export function recallCandidates(index: MatchIndex, np: NeedProfile): Recalled {
  const { engine, pool } = index;
  const out: Recalled = { volunteers: [], organisations: [], resources: [] };
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
      const w = i * V.stride;
      const dy = (V.recF32[w + REC_LAT] - lat) * 111.195;
      const dx = (V.recF32[w + REC_LNG] - lng) * kmPerDegLng;
      const r = V.recF32[w + REC_RADIUS];
      // 3% slack: the approximation must never drop a volunteer that haversine would keep; beyond county
      // scale (radius > 50 km) the approximation drifts with latitude, so decide with haversine there.
      // (−2 m: float32 coordinates are within half a metre.)
      if (Math.sqrt(dx * dx + dy * dy) * 0.97 - 0.002 <= r) return true;
      return r > 50 && haversineKm(np.need.location, pool.volunteers[i].location) <= r;
    };
    for (const i of recallByTokens(index, V, np, V.stamp, epoch, maxDf, true, Infinity, [])) if (near(i)) out.volunteers.push(i);
    if (!hr.volunteerRadius) recallByCategory(V, np, epoch, out.volunteers);
    else {
      const w = np.categoryWeights;
      for (const c of np.categoryNz) {
        if (w[c] < CATEGORY_POSTING_MIN) continue;
        for (const tier of index.volunteerTrees[c]) {
          const bb = boundingBox(np.need.location, tier.maxRadius);
          for (const h of tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat)) {
            const i = tier.ids[h];
            if (V.stamp[i] === epoch) continue;
            V.stamp[i] = epoch;
            if (near(i)) out.volunteers.push(i);
          }
        }
      }
    }

    const O = index.organisations;
    if (!hr.organisationCoverage) {
      recallByTokens(index, O, np, O.stamp, epoch, maxDf, true, Infinity, out.organisations);
      recallByCategory(O, np, epoch, out.organisations);
    } else {
      // Relevant (word-marked or in category) ∩ covering the place.
      const marked = recallByTokens(index, O, np, O.mark, epoch, maxDf, true, Infinity, []);
      const take = (i: number) => {
        if (O.stamp[i] === epoch) return;
        O.stamp[i] = epoch;
        out.organisations.push(i);
      };
      for (const i of index.organisationsByCommunity.get(np.need.communityCode) ?? [])
        if (O.mark[i] === epoch || inNeedCategories(O, i, np)) take(i);
      const w = np.categoryWeights;
      for (const c of np.categoryNz) {
        if (w[c] < CATEGORY_POSTING_MIN) continue;
        for (const tier of index.organisationTrees[c]) {
          const bb = boundingBox(np.need.location, tier.maxRadius);
          for (const h of tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat)) take(tier.ids[h]);
        }
      }
      // Word-marked circle organisations outside the need's categories: coverage checked exactly later.
      for (const i of marked) if (!Number.isNaN(O.radius[i])) take(i);
    }
  }
  if (wantResources) {
    const R = index.resources;
    // Words first, even fairly common ones: within a material category the word tells rice from wheelchairs.
    recallByTokens(index, R, np, R.stamp, epoch, Math.max(50, R.profiles.length * 0.25), false, MAX_RESOURCE_RECALL, out.resources);
    if (out.resources.length < MIN_RESOURCE_RECALL) recallByCategory(R, np, epoch, out.resources);
  }
  return out;
}

/** True when no hard rule excludes this candidate from the need. */
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
  const r = recallCandidates(index, np);
  return [
    ...r.volunteers.map((i) => index.volunteers.profiles[i]),
    ...r.organisations.map((i) => index.organisations.profiles[i]),
    ...r.resources.map((i) => index.resources.profiles[i]),
  ].filter((cp) => isFeasible(index, np, cp, nowMs));
}
