import {
  REC_CAT,
  REC_GROUPS,
  REC_HOURS,
  REC_ITEMS,
  REC_LAT,
  REC_LNG,
  REC_LOAD,
  REC_SAFE,
  REC_SIG,
  REC_UNIT,
  type KindIndex,
  type MatchIndex,
} from './candidates.js';
import type { NeedProfile } from './profile.js';
import { minutesPerHour, totalMinutes } from './schedule.js';
import { urgencyWeightOf } from './scorers.js';
import { popcount } from './text/items.js';
import { wordBit } from './text/signature.js';

/** Per-need constants for bounding candidates' scores from the index's flat arrays. */
export interface NeedBound {
  np: NeedProfile;
  lat: number;
  lng: number;
  kmPerDegLng: number;
  /** Bits and IDF weights of the need's words, and their IDF sum. */
  wordBits: Int32Array;
  wordIdf: Float64Array;
  /** Ids of the need's words in the pool's word table (-1: no candidate has it). */
  wordIds: Int32Array;
  idfSum: number;
  /** Need's hour slots with minutes, and total minutes (0 = no windows). */
  hourWord: Int32Array;
  hourBit: Int32Array;
  hourMinutes: Float64Array;
  totalMinutes: number;
  /** Unit id of the need's quantity in the pool's unit table (-2 when none / unknown). */
  unitId: number;
  /** Weights and need-level constants hoisted out of the per-candidate loop. */
  w: { category: number; text: number; distance: number; availability: number; load: number };
  /** Weighted sum and total weight of the need-level scorers (urgency, safeguarding for organisations, etc.). */
  denBase: number;
  decayKm: number;
  unlocated: number;
  minRelevance: number;
  /** Safeguarding contribution by kind (volunteer, organisation, resource). */
  guard: [number, number, number];
  urgencyNum: number;
  /** Weight of the item scorer (0 when the need names no goods items). */
  itemsW: number;
  /** Hard rules decidable from the record: group mask of the need (resources), safeguarding, strict schedule. */
  needGroupMask: number;
  checkGroups: boolean;
  checkSafe: boolean;
  checkSchedule: boolean;
}

/** Prepare the per-need constants (IDF, word bits, hour slots) used by scoreBound and the text scorer. */
export function needBound(index: MatchIndex, np: NeedProfile, idf: (t: string) => number, nowMs: number = index.nowMs): NeedBound {
  const { lat, lng } = np.need.location;
  const toks = np.text.tokens;
  const wordIdf = Float64Array.from(toks, idf);
  let idfSum = 0;
  for (const x of wordIdf) idfSum += x;
  const hours = minutesPerHour(np.intervals);
  const q = np.need.quantity;
  const rules = index.engine.rules;
  const W = rules.weights;
  const urgencyW = urgencyWeightOf(rules, np, nowMs);
  const itemsW = np.itemCount > 0 ? W.items : 0;
  return {
    np,
    lat,
    lng,
    kmPerDegLng: 111.195 * Math.cos((lat * Math.PI) / 180),
    wordBits: Int32Array.from(toks, wordBit),
    wordIdf,
    wordIds: Int32Array.from(toks, (t) => index.wordIds.get(t) ?? -1),
    idfSum,
    hourWord: Int32Array.from(hours, (h) => h.hour >> 5),
    hourBit: Int32Array.from(hours, (h) => h.hour & 31),
    hourMinutes: Float64Array.from(hours, (h) => h.minutes),
    totalMinutes: totalMinutes(np.intervals),
    unitId: q ? (index.units.get(q.unit) ?? -2) : -2,
    w: { category: W.category, text: W.text, distance: W.distance, availability: W.availability, load: W.load },
    denBase:
      W.category +
      W.text +
      W.distance +
      W.availability +
      W.load +
      urgencyW +
      itemsW +
      (np.withHistory ? W.continuity : 0) +
      (np.child ? W.safeguarding : 0),
    decayKm: rules.distanceDecayKm,
    // Unlocated: a resource, or an organisation covering named communities (scored higher when it lists the need's).
    unlocated: Math.max(rules.unlocatedDistanceScore, rules.listedCommunityDistanceScore),
    minRelevance: rules.minRelevance,
    guard: np.child ? [W.safeguarding * rules.organisationPreferenceForChildren, W.safeguarding, W.safeguarding] : [0, 0, 0],
    urgencyNum: urgencyW,
    itemsW,
    needGroupMask: np.need.groups.reduce((m, g) => (index.groupBits.has(g) ? m | (1 << index.groupBits.get(g)!) : m), 0),
    checkGroups: rules.hardRules.resourceGroups,
    checkSafe: rules.hardRules.childSafeguarding && np.child,
    checkSchedule: rules.hardRules.volunteerSchedule && np.strictSchedule,
  };
}

/**
 * Upper bound of candidate `i`'s pre-fuse score, from the flat arrays only (no objects touched):
 * category and concept similarity exact; word overlap bounded by the word signature; distance from a
 * 3%-shortened equirectangular estimate; availability bounded by hour slots; urgency taken as 1.
 * Returns -1 when the candidate cannot be proposed at all: below the relevance threshold, or surely
 * excluded by a hard rule readable from the record (group eligibility, safeguarding certificate, no common
 * hour slot with a strict one-off need). A number, not an object: this runs for every recalled candidate.
 * rank.ts visits candidates best bound first and stops when the bound cannot reach the k-th score.
 */
export function scoreBound(index: MatchIndex, k: KindIndex, i: number, b: NeedBound): number {
  const np = b.np;
  const w = b.w;
  const f32 = k.recF32;
  const u32 = k.recU32;
  const i32 = k.recI32;
  const u8 = k.recU8;
  const o = i * k.stride;
  const cat = 4 * o + REC_CAT;
  const con = cat + k.C;

  let category = 0;
  const nw = np.categoryWeights;
  const cnz = np.categoryNz;
  // Non-null reads below: record offsets are within the candidate's record (stride, REC_* < stride), category
  // indices come from the need's own non-zero lists (< C), and word/hour arrays are read up to their own length.
  for (let j = 0; j < cnz.length; j++) {
    const c = cnz[j]!;
    const v = nw[c]! * u8[cat + c]! * INV255;
    if (v > category) category = v;
  }
  let concept = 0;
  const znz = np.conceptNz;
  for (let j = 0; j < znz.length; j++) {
    const c = znz[j]!;
    concept += np.conceptUnit[c]! * u8[con + c]! * INV255;
  }
  if (concept > 1) concept = 1;
  let words = 0;
  const lo = u32[o + REC_SIG]!;
  const hi = u32[o + REC_SIG + 1]!;
  for (let t = 0; t < b.wordBits.length; t++) {
    const bit = b.wordBits[t]!;
    if ((bit < 32 ? lo & (1 << bit) : hi & (1 << (bit - 32))) !== 0) words += b.wordIdf[t]!;
  }
  const tokens = b.idfSum > 0 ? Math.min(1, words / b.idfSum) : 0;
  // Pre-fuse text = 0.8 × (0.5 concept + 0.5 tokens) + 0.2 × tokens (rank.ts).
  // 1e-9: the byte-quantised memberships are rounded up, but 1/255 arithmetic can land a hair below.
  if (Math.max(category, 0.5 * concept + 0.5 * tokens) < b.minRelevance - 1e-9) return -1;
  let num = w.category * category + w.text * (0.4 * concept + 0.6 * tokens) + b.urgencyNum;

  const la = f32[o + REC_LAT]!;
  if (la !== la)
    num += w.distance * b.unlocated; // NaN: no location
  else {
    const dy = (la - b.lat) * 111.195;
    const dx = (f32[o + REC_LNG]! - b.lng) * b.kmPerDegLng;
    // 3% shorter than the estimate (and float32 coordinates are within a metre): never below the exact score.
    num += w.distance * Math.exp(-Math.max(0, Math.sqrt(dx * dx + dy * dy) * 0.97 - 0.002) / b.decayKm);
  }

  let availability = 1;
  const kind = k.kind;
  if (kind === 'volunteer') {
    if (b.checkSafe && i32[o + REC_SAFE] !== 1) return -1;
    if (b.totalMinutes > 0) {
      let m = 0;
      const base = o + REC_HOURS;
      for (let h = 0; h < b.hourWord.length; h++) if ((u32[base + b.hourWord[h]!]! & (1 << b.hourBit[h]!)) !== 0) m += b.hourMinutes[h]!;
      // No hour slot in common means no minute in common: a strict one-off need excludes the volunteer.
      if (m === 0 && b.checkSchedule) return -1;
      availability = Math.min(1, m / b.totalMinutes);
    }
  } else if (kind === 'resource' && b.checkGroups) {
    const mask = i32[o + REC_GROUPS]!;
    if (mask !== -1 && (mask & b.needGroupMask) === 0) return -1;
  }
  num += w.availability * availability;

  let load: number;
  if (kind === 'resource') {
    if (b.itemsW > 0) {
      // Exact item count from the record; precision taken as 1.
      const c = popcount(np.itemMask & i32[o + REC_ITEMS]!);
      if (c > 0) num += (b.itemsW * (c + 0.5)) / (np.itemCount + 0.5);
    }
    const q = np.need.quantity;
    load = q && q.amount > 0 ? (b.unitId === i32[o + REC_UNIT] ? Math.min(1, f32[o + REC_LOAD]! / q.amount) : 0.5) : 1;
  } else load = Math.min(1, f32[o + REC_LOAD]!);
  num += w.load * load;

  if (np.withHistory) {
    const id = k.profiles[i]?.id;
    const prev =
      kind === 'volunteer' ? np.need.previousVolunteerIds : kind === 'organisation' ? np.need.previousOrganisationIds : undefined;
    if (id !== undefined && prev?.includes(id)) num += index.engine.rules.weights.continuity;
  }
  num += b.guard[kind === 'volunteer' ? 0 : kind === 'organisation' ? 1 : 2];
  return b.denBase > 0 ? num / b.denBase : 0;
}

const INV255 = 1 / 255;
