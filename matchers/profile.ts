import { defaultCategoryCues, defaultItems, defaultRules, defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { toWeekIntervals, type WeekInterval } from './schedule.js';
import { ConceptMatcher, type Concepts } from './text/concepts.js';
import { ITEM_TOKEN_PREFIX, ItemMatcher, popcount } from './text/items.js';
import { addWords, contentTokens } from './text/segment.js';
import type { CandidateKind, LatLng, Need, Organisation, Resource, TaggedCandidate, Volunteer } from './types.js';

/** Text features shared by needs and candidates. */
export interface TextProfile {
  /** Content words plus the taxonomy terms found (so synonyms typed differently still meet). */
  tokens: string[];
  concepts: Concepts;
  /** Goods items named (bit per item of engine.items). */
  itemMask: number;
  /** The words that named them. */
  itemWords: string[];
}

/** Rules, taxonomy and the text machinery derived from them; built once, shared by index and explain. */
export interface Engine {
  rules: MatchingRules;
  taxonomy: Taxonomy;
  matcher: ConceptMatcher;
  codes: string[];
  codeIndex: Map<string, number>;
  materialCats: Set<number>;
  childCats: Set<number>;
  childGroups: Set<string>;
  /** Every taxonomy synonym. */
  termSet: Set<string>;
  /** Goods items (seeds/items.json). */
  items: ItemMatcher;
  /** Category a need naming goods items falls in (-1 when the taxonomy has no material category). */
  materialCategory: number;
  /** Category cues for needs without a category (seeds/category-cues.json), by category index. */
  cues: { category: number; weight: number; words: string[] }[];
}

/** Token standing for a goods item in word overlap and recall (kept apart from ordinary words). */
export const itemToken = (name: string) => `${ITEM_TOKEN_PREFIX}${name}`;

const engines = new WeakMap<Taxonomy, Map<string, Engine>>();

/**
 * The engine for a rule set and taxonomy, memoised by taxonomy object and rule *content* (mergeRules
 * returns a fresh object per call; building the term matcher is not free).
 */
export function getEngine(rules: MatchingRules = defaultRules, taxonomy: Taxonomy = defaultTaxonomy): Engine {
  let byRules = engines.get(taxonomy);
  if (!byRules) engines.set(taxonomy, (byRules = new Map()));
  const key = JSON.stringify(rules);
  let e = byRules.get(key);
  if (e) return e;
  // A station editing its rules many times should not grow this without bound.
  if (byRules.size >= 64) byRules.delete(byRules.keys().next().value!);
  const matcher = new ConceptMatcher(taxonomy);
  addWords(matcher.allTerms());
  const codes = matcher.codes;
  const codeIndex = new Map(codes.map((c, i) => [c, i]));
  const materialCats = new Set(taxonomy.categories.flatMap((c, i) => (c.material ? [i] : [])));
  e = {
    rules,
    taxonomy,
    matcher,
    codes,
    codeIndex,
    materialCats,
    childCats: new Set(taxonomy.categories.flatMap((c, i) => (c.child ? [i] : []))),
    childGroups: new Set(rules.childGroups),
    termSet: new Set(matcher.allTerms()),
    items: new ItemMatcher(defaultItems),
    materialCategory: codeIndex.get('material_aid') ?? materialCats.values().next().value ?? -1,
    cues: defaultCategoryCues.cues.flatMap((c) => {
      const category = codeIndex.get(c.category);
      return category === undefined ? [] : [{ category, weight: c.weight, words: c.words }];
    }),
  };
  byRules.set(key, e);
  return e;
}

/**
 * Segment, concept-tag and item-tag a text. `broaderItems`: candidates also carry the broader items theirs
 * fall within (rice is grain), needs only what they name.
 */
export function textProfile(engine: Engine, text: string, broaderItems = false): TextProfile {
  const concepts = engine.matcher.extract(text);
  const tokens = new Set(contentTokens(text));
  for (const h of concepts.hits) tokens.add(h.term);
  const items = engine.items.extract(text, broaderItems);
  for (const name of engine.items.namesOf(items.mask)) tokens.add(itemToken(name));
  return { tokens: [...tokens], concepts, itemMask: items.mask, itemWords: items.words };
}

/** Everything the matcher derives from a need once, before looking at candidates. */
export interface NeedProfile {
  need: Need;
  text: TextProfile;
  /** Category weights in taxonomy order: the declared category is 1; otherwise the text's concept vector. */
  categoryWeights: Float64Array;
  /** Index of the category used (declared or inferred), -1 if unknown. */
  category: number;
  categorySource: 'declared' | 'inferred' | 'none';
  /** Inferred needs: a second category the text also supports (-1: none). */
  secondCategory: number;
  /** Inferred needs: the words the category was inferred from. */
  inferredFrom: string[];
  /** Goods items the need names (bits of engine.items) and how many. */
  itemMask: number;
  itemCount: number;
  /** schedule.dueBy in epoch ms (NaN when none or unreadable). */
  dueByMs: number;
  /** Deadline at the clock it was last asked for (scorers.ts deadlineOf). */
  deadlineMemo: { nowMs: number; value: { dueMs: number; minutes: number } | undefined };
  material: boolean;
  child: boolean;
  intervals: WeekInterval[];
  /** A `once` need with windows: volunteers without overlap are excluded. */
  strictSchedule: boolean;
  /** Short text for fuzzy comparison. */
  fuzzyText: string;
  /** Indices where categoryWeights is non-zero (sparse loops in scoring). */
  categoryNz: number[];
  /** The text's concept vector scaled to unit length, and its non-zero indices. */
  conceptUnit: Float64Array;
  conceptNz: number[];
  /** high/critical: the urgency scorer applies. */
  urgent: boolean;
  /** Recurring with named previous helpers: the continuity scorer applies. */
  withHistory: boolean;
}

/** A vector scaled to unit length (zero stays zero). */
export function unit(v: Float64Array): Float64Array {
  let n = 0;
  for (const x of v) n += x * x;
  const out = new Float64Array(v.length);
  if (n > 0) {
    const s = 1 / Math.sqrt(n);
    v.forEach((x, i) => (out[i] = x * s));
  }
  return out;
}

const nonZero = (v: Float64Array) => {
  const out: number[] = [];
  v.forEach((x, i) => {
    if (x > 0) out.push(i);
  });
  return out;
};

/** Share of the strongest category's evidence a second category needs to be kept beside it. */
const SECOND_CATEGORY_SHARE = 0.5;
/** Largest weight of the second category. */
const SECOND_CATEGORY_MAX = 0.8;

/**
 * Categories of a need without one, from the whole text: taxonomy words (weighted by how they were found),
 * cue words of actions and objects (开车, 找工作, 申请…) and goods items. Keeps the strongest category and
 * a second one when the text supports it nearly as well; the words behind them are kept for the reasons.
 */
function inferCategories(
  engine: Engine,
  text: TextProfile,
  raw: string,
): { weights: Float64Array; top: number; second: number; words: string[] } {
  const n = engine.codes.length;
  const score = new Float64Array(n);
  const words: string[][] = Array.from({ length: n }, () => []);
  for (const h of text.concepts.hits)
    for (const c of engine.matcher.termCategories(h.term)) {
      score[c] = (score[c] ?? 0) + h.weight;
      words[c]?.push(h.term);
    }
  const found = new Set(text.concepts.hits.map((h) => h.term));
  for (const cue of engine.cues)
    for (const w of cue.words)
      // A cue that is also a taxonomy word already counted above is not counted twice.
      if (!found.has(w) && raw.includes(w)) {
        score[cue.category] = (score[cue.category] ?? 0) + cue.weight;
        words[cue.category]?.push(w);
      }
  const m = engine.materialCategory;
  if (text.itemMask !== 0 && m >= 0) {
    // Named goods (米面油, 棉被) make a material need whatever else the text says.
    score[m] = (score[m] ?? 0) + 1 + popcount(text.itemMask);
    words[m]?.push(...text.itemWords);
  }
  let top = -1;
  for (let c = 0; c < n; c++) if ((score[c] ?? 0) > 0 && (top < 0 || (score[c] ?? 0) > (score[top] ?? 0))) top = c;
  const weights = new Float64Array(n);
  if (top < 0) return { weights, top, second: -1, words: [] };
  const best = score[top] ?? 0;
  let second = -1;
  for (let c = 0; c < n; c++)
    if (c !== top && (score[c] ?? 0) >= SECOND_CATEGORY_SHARE * best && (second < 0 || (score[c] ?? 0) > (score[second] ?? 0))) second = c;
  weights[top] = 1;
  // The second category never weighs as much as the first: what the text says most comes first.
  if (second >= 0) weights[second] = Math.min(SECOND_CATEGORY_MAX, (score[second] ?? 0) / best);
  const used = [...(words[top] ?? []), ...(second >= 0 ? (words[second] ?? []) : [])];
  return { weights, top, second, words: [...new Set(used)] };
}

/** Derive a need's profile: text features, category (declared or from text), material/child flags, windows. */
export function profileNeed(engine: Engine, need: Need): NeedProfile {
  const text = textProfile(engine, [need.title, need.description, ...need.skills].join(' '));
  const n = engine.codes.length;
  let categoryWeights: Float64Array;
  let category = -1;
  let categorySource: NeedProfile['categorySource'] = 'none';
  let secondCategory = -1;
  let inferredFrom: string[] = [];
  const declared = need.category !== undefined ? engine.codeIndex.get(need.category) : undefined;
  if (declared !== undefined) {
    categoryWeights = new Float64Array(n);
    categoryWeights[declared] = 1;
    category = declared;
    categorySource = 'declared';
  } else {
    const inferred = inferCategories(engine, text, [need.title, need.description].join(' '));
    categoryWeights = inferred.weights;
    category = inferred.top;
    secondCategory = inferred.second;
    inferredFrom = inferred.words;
    if (category >= 0) categorySource = 'inferred';
  }
  const material = need.quantity !== undefined || (category >= 0 && engine.materialCats.has(category));
  const child = (category >= 0 && engine.childCats.has(category)) || need.groups.some((g) => engine.childGroups.has(g));
  const intervals = toWeekIntervals(need.schedule.windows);
  return {
    need,
    text,
    categoryWeights,
    category,
    categorySource,
    secondCategory,
    inferredFrom,
    itemMask: text.itemMask,
    itemCount: popcount(text.itemMask),
    dueByMs: need.schedule.dueBy === undefined ? NaN : Date.parse(need.schedule.dueBy),
    deadlineMemo: { nowMs: NaN, value: undefined },
    material,
    child,
    intervals,
    strictSchedule: need.schedule.kind === 'once' && intervals.length > 0,
    // ≤ 32 characters: fuse's bitap handles that in one pass (longer patterns are split and searched per chunk).
    fuzzyText: [need.title, ...need.skills].join(' ').slice(0, 32),
    categoryNz: nonZero(categoryWeights),
    conceptUnit: unit(text.concepts.categories),
    conceptNz: nonZero(text.concepts.categories),
    urgent: need.urgency === 'high' || need.urgency === 'critical',
    withHistory:
      need.schedule.kind === 'recurring' &&
      ((need.previousVolunteerIds?.length ?? 0) > 0 || (need.previousOrganisationIds?.length ?? 0) > 0),
  };
}

/** Everything the matcher derives from a candidate once per pool. */
export interface CandidateProfile {
  kind: CandidateKind;
  id: string;
  /** Position in the pool's list of this kind. */
  idx: number;
  text: TextProfile;
  /** Category membership in [0,1] per taxonomy category. */
  categoryWeights: Float64Array;
  location?: LatLng;
  intervals: WeekInterval[];
  /** Text fuse.js compares the need against. */
  fuzzyText: string;
  /** The pool item itself, tagged with its kind. */
  item: TaggedCandidate;
  /** Words as a set, for overlap. */
  tokenSet: Set<string>;
  /** Concept vector of the text at unit length (specialists score higher than generalists on cosine). */
  conceptUnit: Float64Array;
  /** Goods items offered, with the broader items they fall within. */
  itemMask: number;
  /** How many items the candidate itself names (its own items, broader ones not counted). */
  itemOwn: number;
}

function finish(engine: Engine, p: Omit<CandidateProfile, 'tokenSet' | 'conceptUnit' | 'itemMask' | 'itemOwn'>): CandidateProfile {
  const own = p.kind === 'resource' ? engine.items.extract(p.fuzzyText, false).mask : 0;
  return {
    ...p,
    tokenSet: new Set(p.text.tokens),
    conceptUnit: unit(p.text.concepts.categories),
    itemMask: p.kind === 'resource' ? p.text.itemMask : 0,
    itemOwn: popcount(own),
  };
}

function blend(engine: Engine, declared: readonly string[], inferred: Float64Array, inferredWeight: number): Float64Array {
  const w = new Float64Array(engine.codes.length);
  inferred.forEach((x, c) => (w[c] = x * inferredWeight));
  for (const code of declared) {
    const c = engine.codeIndex.get(code);
    if (c !== undefined) w[c] = 1;
  }
  return w;
}

/** Profile a volunteer: categories come from skills (strong) and description/certifications (weaker). */
export function profileVolunteer(engine: Engine, v: Volunteer, idx: number): CandidateProfile {
  const skillsText = v.skills.join(' ');
  const text = textProfile(engine, [skillsText, v.description, v.certifications.join(' ')].join(' '));
  const w = blend(engine, [], text.concepts.categories, 0.6);
  // Each listed skill makes its own category a full membership: 送餐、做饭、助浴 is a bathing helper as much as a cook.
  for (const skill of v.skills) {
    const cats = engine.matcher.extract(skill).categories;
    cats.forEach((x, c) => (w[c] = Math.max(w[c] ?? 0, x)));
  }
  return finish(engine, {
    kind: 'volunteer',
    item: { kind: 'volunteer', item: v },
    id: v.id,
    idx,
    text,
    categoryWeights: w,
    location: v.location,
    intervals: toWeekIntervals(v.availability),
    fuzzyText: [skillsText, v.description].join(' '),
  });
}

/** Profile an organisation: declared categories are full members, its description adds weaker ones. */
export function profileOrganisation(engine: Engine, o: Organisation, idx: number): CandidateProfile {
  const text = textProfile(engine, [o.name, o.description].join(' '));
  return finish(engine, {
    kind: 'organisation',
    item: { kind: 'organisation', item: o },
    id: o.id,
    idx,
    text,
    categoryWeights: blend(engine, o.categories, text.concepts.categories, 0.5),
    location: 'center' in o.coverage ? o.coverage.center : undefined,
    intervals: [],
    fuzzyText: [o.name, o.description].join(' '),
  });
}

/** Profile a resource: its category is a full member, title/description add weaker ones. */
export function profileResource(engine: Engine, r: Resource, idx: number): CandidateProfile {
  const text = textProfile(engine, [r.title, r.description].join(' '), true);
  return finish(engine, {
    kind: 'resource',
    item: { kind: 'resource', item: r },
    id: r.id,
    idx,
    text,
    categoryWeights: blend(engine, [r.category], text.concepts.categories, 0.5),
    location: r.location,
    intervals: [],
    fuzzyText: [r.title, r.description].join(' '),
  });
}
