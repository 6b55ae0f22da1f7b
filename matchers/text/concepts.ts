import type { Taxonomy } from '../config.js';
import { charPinyin, latinRuns } from './pinyin.js';

/** How a taxonomy term was found in a text. */
export type MatchKind = 'exact' | 'homophone' | 'pinyin';

/** A taxonomy term found in a text. */
export interface TermHit {
  term: string;
  kind: MatchKind;
  /** Confidence in (0,1]: exact > typed pinyin > homophone; single characters count less. */
  weight: number;
}

/** Taxonomy terms found in a text, and the category vector they imply. */
export interface Concepts {
  hits: TermHit[];
  /** Per category (taxonomy order): summed hit weight, then divided by the maximum so the top category is 1. */
  categories: Float64Array;
  /** Index of the strongest category, or -1 when no term was found. */
  top: number;
}

interface Term {
  /** Position in the taxonomy's term list (ties in length keep this order). */
  id: number;
  text: string;
  chars: string[];
  syl: string[];
  cats: number[];
}

/**
 * Finds taxonomy synonyms in free text: exact substrings (longest first), homophone typos
 * (same toneless pinyin, e.g. 赔诊 for 陪诊) and typed pinyin ("peizhen"), so different wordings
 * of one need land on the same category.
 */
export class ConceptMatcher {
  readonly codes: string[];
  private readonly terms: Term[] = [];
  private readonly byFirstChar = new Map<string, Term[]>();
  private readonly byFirstSyl = new Map<string, Term[]>();
  private readonly byPinyin = new Map<string, Term[]>();
  private readonly pinyinKeys: string[];

  constructor(taxonomy: Taxonomy) {
    this.codes = taxonomy.categories.map((c) => c.code);
    const index = new Map<string, Term>();
    taxonomy.categories.forEach((c, ci) => {
      // The category's own Chinese name parts are synonyms too (e.g. "助餐/送餐").
      const words = [...c.synonyms, ...c.name.split('/')];
      for (const w of words) {
        const word = w.trim();
        if (!word) continue;
        let t = index.get(word);
        if (t === undefined) {
          const chars = Array.from(word);
          t = { id: this.terms.length, text: word, chars, syl: chars.map(charPinyin), cats: [] };
          index.set(word, t);
          this.terms.push(t);
        }
        if (!t.cats.includes(ci)) t.cats.push(ci);
      }
    });
    for (const t of this.terms) {
      const [firstChar] = t.chars;
      const [firstSyl] = t.syl;
      if (firstChar !== undefined) push(this.byFirstChar, firstChar, t);
      if (firstSyl && t.chars.length >= 2 && t.syl.every((s) => s)) {
        push(this.byFirstSyl, firstSyl, t);
        push(this.byPinyin, t.syl.join(''), t);
      }
    }
    // Longest first so the scan takes 陪同就医 before 就医.
    const byLen = (a: Term, b: Term) => b.chars.length - a.chars.length || a.id - b.id;
    for (const list of this.byFirstChar.values()) list.sort(byLen);
    for (const list of this.byFirstSyl.values()) list.sort(byLen);
    // Long pinyin keys first, so "peizhen" is not read as a shorter key inside it.
    this.pinyinKeys = [...this.byPinyin.keys()].filter((k) => k.length >= 4).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** Categories (taxonomy order) a found term belongs to. */
  termCategories(term: string): readonly number[] {
    const list = this.byFirstChar.get(Array.from(term)[0] ?? '') ?? [];
    for (const t of list) if (t.text === term) return t.cats;
    return [];
  }

  /** Every synonym of the taxonomy (for teaching the segmenter). */
  allTerms(): string[] {
    return this.terms.map((t) => t.text);
  }

  /** Find taxonomy terms in a text and derive its category vector. */
  extract(text: string): Concepts {
    const chars = Array.from(text);
    const n = chars.length;
    const covered = new Uint8Array(n);
    const hits: TermHit[] = [];
    const cats = new Float64Array(this.codes.length);
    // Category indices of terms are < codes.length = cats.length.
    const add = (t: Term, kind: MatchKind, weight: number) => {
      hits.push({ term: t.text, kind, weight });
      for (const c of t.cats) cats[c]! += weight;
    };

    // 1. Exact, greedy longest match.
    for (let i = 0; i < n;) {
      const cands = this.byFirstChar.get(chars[i] ?? '');
      let len = 0;
      if (cands) {
        for (const t of cands) {
          if (matchesAt(chars, i, t.chars)) {
            len = t.chars.length;
            // A lone character (米, 油, 钱) is weak evidence: it also occurs inside unrelated words.
            add(t, 'exact', len === 1 ? 0.5 : 1);
            break;
          }
        }
      }
      if (len) {
        covered.fill(1, i, i + len);
        i += len;
      } else i++;
    }

    // 2. Homophones over the uncovered characters (typing with a pinyin IME picks the wrong character).
    const syl = chars.map(charPinyin);
    for (let i = 0; i < n;) {
      const cands = covered[i] ? undefined : this.byFirstSyl.get(syl[i] ?? '');
      let len = 0;
      if (cands) {
        for (const t of cands) {
          const m = t.syl.length;
          if (i + m > n) continue;
          let ok = true;
          let same = 0;
          for (let k = 0; k < m; k++) {
            if (covered[i + k] || syl[i + k] !== t.syl[k]) {
              ok = false;
              break;
            }
            if (chars[i + k] === t.chars[k]) same++;
          }
          // Two-character homophones collide often (一生/医生), so one character must be right.
          if (!ok || (m === 2 && same === 0)) continue;
          len = m;
          add(t, 'homophone', 0.8);
          break;
        }
      }
      if (len) {
        covered.fill(1, i, i + len);
        i += len;
      } else i++;
    }

    // 3. Typed pinyin: latin runs containing a term's full pinyin.
    for (const run of latinRuns(text)) {
      let rest = run;
      for (const key of this.pinyinKeys) {
        const at = rest.indexOf(key);
        if (at < 0) continue;
        for (const t of this.byPinyin.get(key) ?? []) add(t, 'pinyin', 0.9);
        rest = rest.slice(0, at) + '|' + rest.slice(at + key.length);
      }
    }

    let top = -1;
    let max = 0;
    cats.forEach((x, c) => {
      if (x > max) {
        max = x;
        top = c;
      }
    });
    if (max > 0) for (let c = 0; c < cats.length; c++) cats[c]! /= max; // c < cats.length
    return { hits, categories: cats, top };
  }
}

function push<T>(map: Map<string, T[]>, key: string, v: T): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

function matchesAt(chars: string[], i: number, term: string[]): boolean {
  if (i + term.length > chars.length) return false;
  for (let k = 0; k < term.length; k++) if (chars[i + k] !== term[k]) return false;
  return true;
}
