import { defaultRules, defaultTaxonomy, type MatchingRules, type Taxonomy } from './config.js';
import { toWeekIntervals, type WeekInterval } from './schedule.js';
import { ConceptMatcher, type Concepts } from './text/concepts.js';
import { addWords, contentTokens } from './text/segment.js';
import type { CandidateKind, LatLng, Need, Organisation, Resource, TaggedCandidate, Volunteer } from './types.js';

/** Text features shared by needs and candidates. */
export interface TextProfile {
  /** Content words plus the taxonomy terms found (so synonyms typed differently still meet). */
  tokens: string[];
  concepts: Concepts;
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
}

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
  e = {
    rules,
    taxonomy,
    matcher,
    codes,
    codeIndex: new Map(codes.map((c, i) => [c, i])),
    materialCats: new Set(taxonomy.categories.flatMap((c, i) => (c.material ? [i] : []))),
    childCats: new Set(taxonomy.categories.flatMap((c, i) => (c.child ? [i] : []))),
    childGroups: new Set(rules.childGroups),
    termSet: new Set(matcher.allTerms()),
  };
  byRules.set(key, e);
  return e;
}

/** Segment and concept-tag a text. */
export function textProfile(engine: Engine, text: string): TextProfile {
  const concepts = engine.matcher.extract(text);
  const tokens = new Set(contentTokens(text));
  for (const h of concepts.hits) tokens.add(h.term);
  return { tokens: [...tokens], concepts };
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
    for (let i = 0; i < v.length; i++) out[i] = v[i] * s;
  }
  return out;
}

const nonZero = (v: Float64Array) => {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] > 0) out.push(i);
  return out;
};

/** Derive a need's profile: text features, category (declared or from text), material/child flags, windows. */
export function profileNeed(engine: Engine, need: Need): NeedProfile {
  const text = textProfile(engine, [need.title, need.description, ...need.skills].join(' '));
  const n = engine.codes.length;
  let categoryWeights: Float64Array;
  let category = -1;
  let categorySource: NeedProfile['categorySource'] = 'none';
  const declared = need.category !== undefined ? engine.codeIndex.get(need.category) : undefined;
  if (declared !== undefined) {
    categoryWeights = new Float64Array(n);
    categoryWeights[declared] = 1;
    category = declared;
    categorySource = 'declared';
  } else {
    categoryWeights = text.concepts.categories;
    if (text.concepts.top >= 0) {
      category = text.concepts.top;
      categorySource = 'inferred';
    }
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
}

function finish(p: Omit<CandidateProfile, 'tokenSet' | 'conceptUnit'>): CandidateProfile {
  return { ...p, tokenSet: new Set(p.text.tokens), conceptUnit: unit(p.text.concepts.categories) };
}

function blend(engine: Engine, declared: readonly string[], inferred: Float64Array, inferredWeight: number): Float64Array {
  const w = new Float64Array(engine.codes.length);
  for (let c = 0; c < w.length; c++) w[c] = inferred[c] * inferredWeight;
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
    for (let c = 0; c < w.length; c++) w[c] = Math.max(w[c], cats[c]);
  }
  return finish({
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
  return finish({
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
  const text = textProfile(engine, [r.title, r.description].join(' '));
  return finish({
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
