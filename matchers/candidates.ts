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
import { PoolSchema, type CandidateKind, type Pool, type TaggedCandidate } from './types.js';

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
 * Per-kind data of the index, by slot. A candidate keeps its slot for the life of the index: a patch
 * rewrites the slot in place, a removal leaves a dead slot behind (`removed`), a new candidate takes the
 * next slot (the typed arrays grow by doubling). Besides the profiles (objects), the facts needed to bound
 * a score are kept in flat typed arrays: scanning hundreds of candidates per need then reads contiguous
 * memory instead of chasing pointers (cache misses dominated the per-candidate cost).
 */
export interface KindIndex {
  kind: CandidateKind;
  /** Slot → profile (a removed slot keeps its last profile; it is dead). */
  profiles: CandidateProfile[];
  /** 1 when a need-independent hard rule (full, expired, depleted) already excludes the candidate, or it was removed. */
  dead: Uint8Array;
  /** 1 for a slot whose candidate left the pool. */
  removed: Uint8Array;
  /** Candidate id → slot (present candidates only). */
  slotOf: Map<string, number>;
  /** Per category: slots of present candidates (dead included) with membership ≥ CATEGORY_POSTING_MIN, ascending. */
  byCategory: number[][];
  /** Per word: slots of live candidates carrying it, ascending. */
  byToken: Map<string, number[]>;
  /** Each candidate's words as sorted ids (MatchIndex.wordIds) in one flat array: tokIds[tokOff[i] .. tokEnd[i]). */
  tokOff: Int32Array;
  tokEnd: Int32Array;
  tokIds: Int32Array;
  /** Used length of tokIds, and how much of it belongs to no slot any more (compacted when it dominates). */
  tokLen: number;
  tokGarbage: number;
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
  /** Allocated slots of the typed arrays (≥ profiles.length). */
  cap: number;
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

/** A county's candidate pool, indexed once for fast per-need ranking (see buildIndex), then patched in place (live.ts). */
export interface MatchIndex {
  engine: Engine;
  nowMs: number;
  /** Pool items by slot (removed slots keep their last item): `pool.volunteers[i]` is slot i's volunteer. */
  pool: Pool;
  volunteers: KindIndex;
  organisations: KindIndex;
  resources: KindIndex;
  /** Per taxonomy category: kd-trees of the live volunteers of that category, one per radius tier (may hold dead slots: recall skips them). */
  volunteerTrees: Tier[][];
  /** Per taxonomy category: kd-trees of live circle-coverage organisations (centres) of that category, per radius tier. */
  organisationTrees: Tier[][];
  /** Live list-coverage organisations by community code (ascending slots). */
  organisationsByCommunity: Map<string, number[]>;
  /** Volunteers holding a child-safeguarding certification from the rules' list (by slot). */
  safeguarded: Uint8Array;
  /** Beneficiary group → bit in REC_GROUPS masks. */
  groupBits: Map<string, number>;
  /** Organisations' community coverage as sets (undefined for circle coverage), by slot. */
  orgCommunities: (Set<string> | undefined)[];
  /** Resources' expiry in epoch ms (+Infinity when none), by slot. */
  resourceExpiry: Float64Array;
  /** Quantity units seen in the pool → small ids. */
  units: Map<string, number>;
  /** Document frequency of each word over the present candidates, for IDF. */
  df: Map<string, number>;
  /** Every word seen → a small integer id (for the flat word lists). */
  wordIds: Map<string, number>;
  /** Present candidates (removed slots not counted). */
  size: number;
  epoch: number;
}

const recordBytes = (C: number) => REC_CAT + Math.ceil((2 * C) / 64) * 64;

function f64(old: Float64Array, len: number, fill: number): Float64Array {
  const a = new Float64Array(len).fill(fill);
  a.set(old);
  return a;
}
function f32(old: Float32Array, len: number): Float32Array {
  const a = new Float32Array(len);
  a.set(old);
  return a;
}
function i32(old: Int32Array, len: number, fill = 0): Int32Array {
  const a = new Int32Array(len).fill(fill);
  a.set(old);
  return a;
}
function u32(old: Uint32Array, len: number): Uint32Array {
  const a = new Uint32Array(len);
  a.set(old);
  return a;
}
function u8(old: Uint8Array, len: number): Uint8Array {
  const a = new Uint8Array(len);
  a.set(old);
  return a;
}

function emptyKind(kind: CandidateKind, C: number, cap: number): KindIndex {
  const bytes = recordBytes(C);
  const buf = new ArrayBuffer(cap * bytes);
  return {
    kind,
    profiles: [],
    dead: new Uint8Array(cap),
    removed: new Uint8Array(cap),
    slotOf: new Map(),
    byCategory: Array.from({ length: C }, () => []),
    byToken: new Map(),
    tokOff: new Int32Array(cap),
    tokEnd: new Int32Array(cap),
    tokIds: new Int32Array(cap * 16),
    tokLen: 0,
    tokGarbage: 0,
    stamp: new Uint32Array(cap),
    mark: new Uint32Array(cap),
    C,
    catW: new Float32Array(cap * C),
    conceptU: new Float32Array(cap * C),
    lat: new Float64Array(cap).fill(NaN),
    lng: new Float64Array(cap).fill(NaN),
    load: new Float64Array(cap),
    radius: new Float64Array(cap).fill(NaN),
    cLat: new Float64Array(cap).fill(NaN),
    cLng: new Float64Array(cap).fill(NaN),
    unitId: new Int32Array(cap).fill(-1),
    sig: new Uint32Array(2 * cap),
    hours: new Uint32Array(kind === 'volunteer' ? 6 * cap : 0),
    recF32: new Float32Array(buf),
    recU32: new Uint32Array(buf),
    recI32: new Int32Array(buf),
    recU8: new Uint8Array(buf),
    stride: bytes / 4,
    cap,
  };
}

/** Make room for slot `n - 1` (doubling, so appending stays amortised O(1)); index-level slot arrays follow. */
function ensureCapacity(index: MatchIndex, k: KindIndex, n: number): void {
  if (n <= k.cap) return;
  const cap = Math.max(n, 2 * k.cap, 16);
  const C = k.C;
  k.dead = u8(k.dead, cap);
  k.removed = u8(k.removed, cap);
  k.tokOff = i32(k.tokOff, cap);
  k.tokEnd = i32(k.tokEnd, cap);
  k.stamp = u32(k.stamp, cap);
  k.mark = u32(k.mark, cap);
  k.catW = f32(k.catW, cap * C);
  k.conceptU = f32(k.conceptU, cap * C);
  k.lat = f64(k.lat, cap, NaN);
  k.lng = f64(k.lng, cap, NaN);
  k.load = f64(k.load, cap, 0);
  k.radius = f64(k.radius, cap, NaN);
  k.cLat = f64(k.cLat, cap, NaN);
  k.cLng = f64(k.cLng, cap, NaN);
  k.unitId = i32(k.unitId, cap, -1);
  k.sig = u32(k.sig, 2 * cap);
  if (k.kind === 'volunteer') k.hours = u32(k.hours, 6 * cap);
  const buf = new ArrayBuffer(cap * k.stride * 4);
  const bytes = new Uint8Array(buf);
  bytes.set(k.recU8);
  k.recF32 = new Float32Array(buf);
  k.recU32 = new Uint32Array(buf);
  k.recI32 = new Int32Array(buf);
  k.recU8 = bytes;
  k.cap = cap;
  if (k.kind === 'volunteer') index.safeguarded = u8(index.safeguarded, cap);
  if (k.kind === 'resource') index.resourceExpiry = f64(index.resourceExpiry, cap, Infinity);
}

/** Insert slot `i` into an ascending list (appending is the common case: slots are handed out in order). */
function insertSorted(list: number[], i: number): void {
  const last = list.length > 0 ? list[list.length - 1] : undefined;
  if (last === undefined || last < i) {
    list.push(i);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? Infinity) < i) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== i) list.splice(lo, 0, i);
}

/** Remove slot `i` from an ascending list; drop the map entry when the list empties (as a fresh build would not have it). */
function removeSorted<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(i);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

function removeFrom(list: number[], i: number): void {
  const at = list.indexOf(i);
  if (at >= 0) list.splice(at, 1);
}

/** Categories in which slot `i` is posted (membership ≥ CATEGORY_POSTING_MIN). */
function postedCategories(cp: CandidateProfile): number[] {
  const out: number[] = [];
  cp.categoryWeights.forEach((w, c) => {
    if (w >= CATEGORY_POSTING_MIN) out.push(c);
  });
  return out;
}

/** Append slot i's sorted word ids to the flat word array (growing it), compacting when dead words dominate. */
function writeWords(index: MatchIndex, k: KindIndex, i: number, tokenSet: Set<string>): void {
  const ids: number[] = [];
  for (const t of tokenSet) {
    let id = index.wordIds.get(t);
    if (id === undefined) index.wordIds.set(t, (id = index.wordIds.size));
    ids.push(id);
  }
  ids.sort((a, b) => a - b);
  if (k.tokGarbage > 4096 && k.tokGarbage > k.tokLen / 2) compactWords(k);
  if (k.tokLen + ids.length > k.tokIds.length) k.tokIds = i32(k.tokIds, Math.max(k.tokLen + ids.length, 2 * k.tokIds.length));
  k.tokOff[i] = k.tokLen;
  k.tokIds.set(ids, k.tokLen);
  k.tokLen += ids.length;
  k.tokEnd[i] = k.tokLen;
}

function compactWords(k: KindIndex): void {
  const next = new Int32Array(Math.max(16, 2 * (k.tokLen - k.tokGarbage)));
  let at = 0;
  for (let i = 0; i < k.profiles.length; i++) {
    if (k.removed[i]) continue;
    const from = k.tokOff[i] ?? 0;
    const to = k.tokEnd[i] ?? 0;
    next.set(k.tokIds.subarray(from, to), at);
    k.tokOff[i] = at;
    at += to - from;
    k.tokEnd[i] = at;
  }
  k.tokIds = next;
  k.tokLen = at;
  k.tokGarbage = 0;
}

/** Pack slot i's bound facts into its record (see REC_*). */
function packSlot(index: MatchIndex, k: KindIndex, i: number): void {
  const C = k.C;
  const w = i * k.stride;
  const { recF32: rf, recU32: ru, recI32: ri, recU8: rb } = k;
  const cp = k.profiles[i];
  if (!cp) return;
  rf[w + REC_LAT] = k.lat[i] ?? NaN;
  rf[w + REC_LNG] = k.lng[i] ?? NaN;
  ru[w + REC_SIG] = k.sig[2 * i] ?? 0;
  ru[w + REC_SIG + 1] = k.sig[2 * i + 1] ?? 0;
  if (k.kind === 'volunteer') for (let h = 0; h < 6; h++) ru[w + REC_HOURS + h] = k.hours[6 * i + h] ?? 0;
  rf[w + REC_LOAD] = up32(k.load[i] ?? 0);
  rf[w + REC_RADIUS] = up32(k.radius[i] ?? NaN);
  ri[w + REC_UNIT] = k.unitId[i] ?? -1;
  ri[w + REC_ITEMS] = cp.itemMask;
  ri[w + REC_GROUPS] = -1;
  ri[w + REC_SAFE] = 1;
  const c = cp.item;
  if (c.kind === 'volunteer') ri[w + REC_SAFE] = index.safeguarded[i] ?? 0;
  if (c.kind === 'resource') {
    const groups = c.item.eligibility.groups;
    let mask = groups ? 0 : -1;
    for (const g of groups ?? []) {
      const b = index.groupBits.get(g);
      if (b === undefined) mask = -1; // a group past 31 bits: leave the exact check to the hard rule
      if (mask !== -1 && b !== undefined) mask |= 1 << b;
    }
    ri[w + REC_GROUPS] = mask;
  }
  const b = i * 4 * k.stride + REC_CAT;
  for (let j = 0; j < C; j++) {
    rb[b + j] = Math.min(255, Math.ceil((k.catW[i * C + j] ?? 0) * 255));
    rb[b + C + j] = Math.min(255, Math.ceil((k.conceptU[i * C + j] ?? 0) * 255));
  }
}

/** The profile of a pool item at slot `idx`. */
export function profileOf(engine: Engine, c: TaggedCandidate, idx: number): CandidateProfile {
  switch (c.kind) {
    case 'volunteer':
      return profileVolunteer(engine, c.item, idx);
    case 'organisation':
      return profileOrganisation(engine, c.item, idx);
    case 'resource':
      return profileResource(engine, c.item, idx);
  }
}

/** The index of one kind. */
export function kindOf(index: MatchIndex, kind: CandidateKind): KindIndex {
  return kind === 'volunteer' ? index.volunteers : kind === 'organisation' ? index.organisations : index.resources;
}

/**
 * Write a candidate into its slot (cp.idx): words, postings, flat arrays and record. The slot must be
 * empty (new, or cleared by clearSlot). Build and patch share this, so a patched slot holds exactly what a
 * fresh build would put there.
 */
export function fillSlot(index: MatchIndex, k: KindIndex, cp: CandidateProfile, reuseWordsOf?: CandidateProfile): void {
  const i = cp.idx;
  const C = k.C;
  const { engine } = index;
  const c = cp.item;
  ensureCapacity(index, k, i + 1);
  if (i === k.profiles.length) k.profiles.push(cp);
  else k.profiles[i] = cp;
  if (c.kind === 'volunteer') index.pool.volunteers[i] = c.item;
  else if (c.kind === 'organisation') index.pool.organisations[i] = c.item;
  else index.pool.resources[i] = c.item;
  k.removed[i] = 0;
  k.slotOf.set(cp.id, i);
  index.size++;
  const dead = staticallyExcluded(engine, c, index.nowMs);
  k.dead[i] = dead ? 1 : 0;

  // The same word set as the slot held before: keep its word ids where they are.
  if (reuseWordsOf?.tokenSet !== cp.tokenSet) writeWords(index, k, i, cp.tokenSet);
  else k.tokGarbage -= (k.tokEnd[i] ?? 0) - (k.tokOff[i] ?? 0);
  for (const t of cp.tokenSet) {
    index.df.set(t, (index.df.get(t) ?? 0) + 1);
    if (dead) continue;
    const list = k.byToken.get(t);
    if (list) insertSorted(list, i);
    else k.byToken.set(t, [i]);
  }
  for (let j = 0; j < C; j++) {
    const w = cp.categoryWeights[j] ?? 0;
    const u = cp.conceptUnit[j] ?? 0;
    // Float32 storage rounds; bounds must not drop below the Float64 truth, so round membership up a hair.
    k.catW[i * C + j] = w > 0 ? w + 1e-6 : 0;
    k.conceptU[i * C + j] = u > 0 ? u + 1e-6 : 0;
  }
  for (const j of postedCategories(cp)) {
    const list = k.byCategory[j];
    if (list) insertSorted(list, i);
  }
  k.lat[i] = cp.location ? cp.location.lat : NaN;
  k.lng[i] = cp.location ? cp.location.lng : NaN;
  k.radius[i] = NaN;
  k.cLat[i] = NaN;
  k.cLng[i] = NaN;
  k.unitId[i] = -1;
  writeSignature(cp.tokenSet, k.sig, 2 * i);
  writeVolatile(index, k, i, c);
  if (c.kind === 'volunteer') {
    const v = c.item;
    k.radius[i] = v.radiusKm;
    k.hours.fill(0, 6 * i, 6 * i + 6);
    hourMask(cp.intervals, k.hours, 6 * i);
    index.safeguarded[i] = hasSafeguardingCert(v.certifications, engine.rules.childSafeguardingCertifications) ? 1 : 0;
  } else if (c.kind === 'organisation') {
    const o = c.item;
    if ('center' in o.coverage) {
      k.radius[i] = o.coverage.radiusKm;
      k.cLat[i] = o.coverage.center.lat;
      k.cLng[i] = o.coverage.center.lng;
      index.orgCommunities[i] = undefined;
    } else {
      index.orgCommunities[i] = new Set(o.coverage.communityCodes);
      if (!dead)
        for (const code of new Set(o.coverage.communityCodes)) {
          const list = index.organisationsByCommunity.get(code);
          if (list) insertSorted(list, i);
          else index.organisationsByCommunity.set(code, [i]);
        }
    }
  } else {
    const r = c.item;
    index.resourceExpiry[i] = r.expiresAt === undefined ? Infinity : Date.parse(r.expiresAt);
    // Beneficiary groups → bits (up to 31), so resource group eligibility is a mask test in the bound.
    for (const g of r.eligibility.groups ?? [])
      if (!index.groupBits.has(g) && index.groupBits.size < 31) index.groupBits.set(g, index.groupBits.size);
  }
  packSlot(index, k, i);
}

/** The slot's facts that follow capacity and quantity (load score, remaining amount and its unit). */
function writeVolatile(index: MatchIndex, k: KindIndex, i: number, c: TaggedCandidate): void {
  if (c.kind === 'volunteer') k.load[i] = c.item.maxActive > 0 ? 1 - c.item.active / c.item.maxActive : 0;
  else if (c.kind === 'organisation')
    k.load[i] = c.item.capacityPerMonth > 0 ? Math.max(0, 1 - c.item.usedThisMonth / c.item.capacityPerMonth) : 0;
  else {
    k.load[i] = c.item.remaining.amount;
    let unit = index.units.get(c.item.remaining.unit);
    if (unit === undefined) index.units.set(c.item.remaining.unit, (unit = index.units.size));
    k.unitId[i] = unit;
  }
}

/**
 * A capacity or quantity change that keeps the candidate's profile and its liveness: rewrite the item,
 * load and record only (postings and counts are unchanged). False when the change needs the full
 * clearSlot/fillSlot (the candidate dies or revives).
 */
export function patchVolatile(index: MatchIndex, k: KindIndex, cp: CandidateProfile): boolean {
  const i = cp.idx;
  if (k.removed[i] || (staticallyExcluded(index.engine, cp.item, index.nowMs) ? 1 : 0) !== k.dead[i]) return false;
  k.profiles[i] = cp;
  const c = cp.item;
  if (c.kind === 'volunteer') index.pool.volunteers[i] = c.item;
  else if (c.kind === 'organisation') index.pool.organisations[i] = c.item;
  else index.pool.resources[i] = c.item;
  writeVolatile(index, k, i, c);
  packSlot(index, k, i);
  return true;
}

/**
 * Take slot i's candidate out of every posting and count (the reverse of fillSlot); the slot is then
 * dead until fillSlot writes it again. Its words stay in tokIds as garbage unless fillSlot reuses them.
 */
export function clearSlot(index: MatchIndex, k: KindIndex, i: number): void {
  const cp = k.profiles[i];
  if (!cp || k.removed[i]) return;
  const wasDead = k.dead[i] === 1;
  for (const t of cp.tokenSet) {
    const n = (index.df.get(t) ?? 0) - 1;
    if (n > 0) index.df.set(t, n);
    else index.df.delete(t);
    if (!wasDead) removeSorted(k.byToken, t, i);
  }
  for (const j of postedCategories(cp)) {
    const list = k.byCategory[j];
    if (list) removeFrom(list, i);
  }
  const c = cp.item;
  if (c.kind === 'organisation' && !wasDead && !('center' in c.item.coverage))
    for (const code of new Set(c.item.coverage.communityCodes)) removeSorted(index.organisationsByCommunity, code, i);
  k.tokGarbage += (k.tokEnd[i] ?? 0) - (k.tokOff[i] ?? 0);
  k.slotOf.delete(cp.id);
  k.dead[i] = 1;
  k.removed[i] = 1;
  index.size--;
}

function buildTiers(ids: number[], radius: Float64Array, lat: Float64Array, lng: Float64Array): Tier[] {
  const buckets: number[][] = RADIUS_TIERS.map(() => []);
  for (const i of ids) {
    const r = radius[i] ?? NaN;
    buckets[RADIUS_TIERS.findIndex((upper) => r <= upper)]?.push(i);
  }
  return buckets
    .filter((b) => b.length > 0)
    .map((b) => {
      const tree = new KDBush(b.length);
      let maxRadius = 0;
      for (const i of b) {
        tree.add(lng[i] ?? NaN, lat[i] ?? NaN);
        maxRadius = Math.max(maxRadius, radius[i] ?? 0);
      }
      tree.finish();
      return { maxRadius, ids: b, tree };
    });
}

/**
 * Rebuild the kd-trees of some categories from their postings: live volunteers at their home, live
 * circle-coverage organisations at their centre. Invariant kept by live.ts: every live candidate sits in
 * the trees of each of its categories at its current place and radius (dead ones may linger; recall skips them).
 */
export function rebuildTrees(index: MatchIndex, kind: 'volunteer' | 'organisation', categories: Iterable<number>): void {
  for (const c of categories) {
    if (kind === 'volunteer') {
      const V = index.volunteers;
      const ids = (V.byCategory[c] ?? []).filter((i) => !V.dead[i]);
      index.volunteerTrees[c] = buildTiers(ids, V.radius, V.lat, V.lng);
    } else {
      const O = index.organisations;
      const ids = (O.byCategory[c] ?? []).filter((i) => !O.dead[i] && !Number.isNaN(O.radius[i] ?? NaN));
      index.organisationTrees[c] = buildTiers(ids, O.radius, O.cLat, O.cLng);
    }
  }
}

/** Where slot i sits in the kd-trees (place, radius, categories), or null when it belongs in none. */
export function treePlace(k: KindIndex, i: number): { key: string; categories: number[] } | null {
  const cp = k.profiles[i];
  if (!cp || k.kind === 'resource') return null;
  const radius = k.radius[i] ?? NaN;
  if (Number.isNaN(radius)) return null;
  const categories = postedCategories(cp);
  const [la, ln] = k.kind === 'volunteer' ? [k.lat[i], k.lng[i]] : [k.cLat[i], k.cLng[i]];
  return { key: `${la},${ln},${radius}|${categories.join(',')}`, categories };
}

/** An empty index for a pool's rules: slots are then filled by buildIndex or live.ts. */
function emptyIndex(engine: Engine, nowMs: number, sizes: { v: number; o: number; r: number }): MatchIndex {
  const C = engine.codes.length;
  return {
    engine,
    nowMs,
    pool: { volunteers: [], organisations: [], resources: [] },
    volunteers: emptyKind('volunteer', C, sizes.v),
    organisations: emptyKind('organisation', C, sizes.o),
    resources: emptyKind('resource', C, sizes.r),
    volunteerTrees: engine.codes.map(() => []),
    organisationTrees: engine.codes.map(() => []),
    organisationsByCommunity: new Map(),
    safeguarded: new Uint8Array(sizes.v),
    groupBits: new Map(),
    orgCommunities: [],
    resourceExpiry: new Float64Array(sizes.r).fill(Infinity),
    units: new Map(),
    df: new Map(),
    wordIds: new Map(),
    size: 0,
    epoch: 0,
  };
}

/**
 * Build the index of a pool once (validated with zod): text profiles, category and word postings,
 * kd-trees of volunteers per category and radius tier and of organisation coverage, time-slot masks,
 * and need-independent exclusions at clock `now`. Later changes patch it in place (live.ts).
 */
export function buildIndex(
  poolInput: Pool | unknown,
  rules: MatchingRules,
  now: Date | string | number,
  taxonomy: Taxonomy = defaultTaxonomy,
): MatchIndex {
  const steps = buildIndexSteps(poolInput, rules, now, taxonomy);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * buildIndex in steps of about `chunk` candidates: a server drives it with a yield to its event loop
 * between steps, so building a new index beside the one in use never stalls requests for long.
 */
export function* buildIndexSteps(
  poolInput: Pool | unknown,
  rules: MatchingRules,
  now: Date | string | number,
  taxonomy: Taxonomy = defaultTaxonomy,
  chunk = 250,
): Generator<void, MatchIndex, void> {
  const pool = PoolSchema.parse(poolInput);
  const engine = getEngine(rules, taxonomy);
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime();
  if (Number.isNaN(nowMs)) throw new Error('buildIndex: invalid now');
  const { volunteers: vs, organisations: os, resources: rs } = pool;
  const index = emptyIndex(engine, nowMs, { v: vs.length, o: os.length, r: rs.length });
  let done = 0;
  const all: TaggedCandidate[][] = [
    vs.map((item) => ({ kind: 'volunteer', item })),
    os.map((item) => ({ kind: 'organisation', item })),
    rs.map((item) => ({ kind: 'resource', item })),
  ];
  for (const list of all)
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (!c) continue;
      fillSlot(index, kindOf(index, c.kind), profileOf(engine, c, i));
      if (++done % chunk === 0) yield;
    }
  for (let c = 0; c < engine.codes.length; c++) {
    rebuildTrees(index, 'volunteer', [c]);
    rebuildTrees(index, 'organisation', [c]);
    if (c % 4 === 3) yield;
  }
  return index;
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
    if ((w[c] ?? 0) < CATEGORY_POSTING_MIN) continue;
    for (const i of k.byCategory[c] ?? []) {
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
  for (const c of np.categoryNz) if ((w[c] ?? 0) >= CATEGORY_POSTING_MIN && (k.catW[i * k.C + c] ?? 0) >= CATEGORY_POSTING_MIN) return true;
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
    // Record words read below (w + REC_*) lie inside slot i's record: i < profiles.length ≤ cap.
    const near = (i: number) => {
      if (!hr.volunteerRadius) return true;
      const w = i * V.stride;
      const dy = (V.recF32[w + REC_LAT]! - lat) * 111.195;
      const dx = (V.recF32[w + REC_LNG]! - lng) * kmPerDegLng;
      const r = V.recF32[w + REC_RADIUS]!;
      // 3% slack: the approximation must never drop a volunteer that haversine would keep; beyond county
      // scale (radius > 50 km) the approximation drifts with latitude, so decide with haversine there.
      // (−2 m: float32 coordinates are within half a metre.)
      if (Math.sqrt(dx * dx + dy * dy) * 0.97 - 0.002 <= r) return true;
      const v = pool.volunteers[i];
      return r > 50 && v !== undefined && haversineKm(np.need.location, v.location) <= r;
    };
    for (const i of recallByTokens(index, V, np, V.stamp, epoch, maxDf, true, Infinity, [])) if (near(i)) out.volunteers.push(i);
    if (!hr.volunteerRadius) recallByCategory(V, np, epoch, out.volunteers);
    else {
      const w = np.categoryWeights;
      for (const c of np.categoryNz) {
        if ((w[c] ?? 0) < CATEGORY_POSTING_MIN) continue;
        for (const tier of index.volunteerTrees[c] ?? []) {
          const bb = boundingBox(np.need.location, tier.maxRadius);
          for (const h of tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat)) {
            const i = tier.ids[h];
            // Trees are rebuilt when a candidate joins them, not when one leaves (dies): skip the dead.
            if (i === undefined || V.stamp[i] === epoch || V.dead[i]) continue;
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
      const take = (i: number | undefined) => {
        if (i === undefined || O.stamp[i] === epoch || O.dead[i]) return;
        O.stamp[i] = epoch;
        out.organisations.push(i);
      };
      for (const i of index.organisationsByCommunity.get(np.need.communityCode) ?? [])
        if (O.mark[i] === epoch || inNeedCategories(O, i, np)) take(i);
      const w = np.categoryWeights;
      for (const c of np.categoryNz) {
        if ((w[c] ?? 0) < CATEGORY_POSTING_MIN) continue;
        for (const tier of index.organisationTrees[c] ?? []) {
          const bb = boundingBox(np.need.location, tier.maxRadius);
          for (const h of tier.tree.range(bb.minLng, bb.minLat, bb.maxLng, bb.maxLat)) take(tier.ids[h]);
        }
      }
      // Word-marked circle organisations outside the need's categories: coverage checked exactly later.
      for (const i of marked) if (!Number.isNaN(O.radius[i] ?? NaN)) take(i);
    }
  }
  if (wantResources) {
    const R = index.resources;
    // Words first, even fairly common ones: within a material category the word tells rice from wheelchairs.
    recallByTokens(index, R, np, R.stamp, epoch, Math.max(50, R.slotOf.size * 0.25), false, MAX_RESOURCE_RECALL, out.resources);
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
      return resourceFeasible(engine, np, c.item, index.resourceExpiry[cp.idx] ?? Infinity, nowMs);
  }
}

/** Every feasible candidate of a need (recall, then all hard rules); for explanations and tests. */
export function feasibleCandidates(index: MatchIndex, np: NeedProfile, nowMs: number = index.nowMs): Feasible[] {
  const r = recallCandidates(index, np);
  const at = (k: KindIndex) => (i: number) => k.profiles[i] ?? [];
  return [
    ...r.volunteers.flatMap(at(index.volunteers)),
    ...r.organisations.flatMap(at(index.organisations)),
    ...r.resources.flatMap(at(index.resources)),
  ].filter((cp) => isFeasible(index, np, cp, nowMs));
}
