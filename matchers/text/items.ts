import { z } from 'zod';

/** Schema of the goods item vocabulary (seeds/items.json). */
export const ItemVocabularySchema = z.object({
  version: z.number().int().default(1),
  description: z.string().optional(),
  items: z
    .array(
      z.object({
        item: z.string().min(1),
        synonyms: z.array(z.string().min(1)).min(1),
        /** A broader item this one also satisfies (rice and flour are both grain). */
        within: z.string().optional(),
      }),
    )
    .max(31),
  /** Words that contain an item's character but name no goods (洗衣服, 见面): matched first and skipped. */
  notItems: z.array(z.string().min(1)).default([]),
  /** A single-character synonym standing alone counts only after one of these characters (没米了, 缺油) … */
  loneCharBefore: z.string().default(''),
  /** … or before one of these. */
  loneCharAfter: z.string().default(''),
});
/** The goods item vocabulary. */
export type ItemVocabulary = z.infer<typeof ItemVocabularySchema>;

/** Items named in a text. */
export interface ItemHits {
  /** Bit i set when item i is named (with the broader items it falls within, for candidates). */
  mask: number;
  /** The words that named them, in text order (for reasons). */
  words: string[];
}

interface Syn {
  chars: string[];
  /** -1: a word that names no goods. */
  item: number;
}

/** Prefix of the tokens standing for goods items (物:米), kept apart from ordinary words. */
export const ITEM_TOKEN_PREFIX = '物:';

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Characters that join items of one compound (米和油, 棉衣、棉被). */
const JOINERS = new Set(['和', '、', '及', '与', '跟', '或']);

/**
 * Finds goods items in free text. Compound goods words are split into items (米面油 → 米, 面, 油;
 * 粮油 → 粮, 油): synonyms are matched longest first, and a single-character synonym counts only when it
 * sits in a run of items (米面油, 米和油) or in a goods context (没米了, 缺油), since lone characters
 * (面 in 见面, 被 in 被拖欠) mostly belong to other words.
 */
export class ItemMatcher {
  readonly names: string[];
  /** Per item: its bit plus the bits of the broader items it falls within. */
  private readonly closure: number[];
  private readonly byFirst = new Map<string, Syn[]>();
  private readonly before: Set<string>;
  private readonly after: Set<string>;

  constructor(vocab: ItemVocabulary) {
    this.names = vocab.items.map((i) => i.item);
    const idx = new Map(this.names.map((n, i) => [n, i]));
    this.closure = vocab.items.map((it, i) => {
      let m = 1 << i;
      const up = it.within === undefined ? undefined : idx.get(it.within);
      if (up !== undefined) m |= 1 << up;
      return m;
    });
    vocab.items.forEach((it, i) => {
      for (const s of it.synonyms) {
        const chars = Array.from(s);
        const first = chars[0];
        if (first === undefined) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ chars, item: i });
        this.byFirst.set(first, list);
      }
    });
    for (const w of vocab.notItems) {
      const chars = Array.from(w);
      const first = chars[0];
      if (first === undefined) continue;
      const list = this.byFirst.get(first) ?? [];
      list.push({ chars, item: -1 });
      this.byFirst.set(first, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.chars.length - a.chars.length);
    this.before = new Set(Array.from(vocab.loneCharBefore));
    this.after = new Set(Array.from(vocab.loneCharAfter));
  }

  /**
   * Items of a text. `withinBroader`: also set the broader items (a candidate offering rice covers a need
   * for grain; a need for rice is not satisfied by any grain).
   */
  extract(text: string, withinBroader: boolean): ItemHits {
    const chars = Array.from(text);
    const n = chars.length;
    const found: { at: number; end: number; item: number; word: string; lone: boolean }[] = [];
    for (let i = 0; i < n;) {
      const c = chars[i];
      const list = c === undefined ? undefined : this.byFirst.get(c);
      let hit: Syn | undefined;
      if (list) for (const s of list) if (matchesAt(chars, i, s.chars)) hit ??= s;
      if (hit) {
        const len = hit.chars.length;
        if (hit.item >= 0) found.push({ at: i, end: i + len, item: hit.item, word: hit.chars.join(''), lone: len === 1 });
        i += len;
      } else i++;
    }
    let mask = 0;
    const words: string[] = [];
    found.forEach((f, k) => {
      if (f.lone) {
        const prev = found[k - 1];
        const next = found[k + 1];
        const joined = (a: number, b: number) => a === b || (b === a + 1 && JOINERS.has(chars[a] ?? ''));
        const inRun = (prev !== undefined && joined(prev.end, f.at)) || (next !== undefined && joined(f.end, next.at));
        const b = chars[f.at - 1];
        const a = chars[f.end];
        const context = (b !== undefined && this.before.has(b)) || (a !== undefined && this.after.has(a));
        if (!inRun && !context) return;
      }
      mask |= withinBroader ? (this.closure[f.item] ?? 0) : 1 << f.item;
      words.push(f.word);
    });
    return { mask, words };
  }

  /** Names of the items in a mask, in vocabulary order. */
  namesOf(mask: number): string[] {
    return this.names.filter((_, i) => (mask & (1 << i)) !== 0);
  }
}

function matchesAt(chars: readonly string[], i: number, term: readonly string[]): boolean {
  if (i + term.length > chars.length) return false;
  for (let k = 0; k < term.length; k++) if (chars[i + k] !== term[k]) return false;
  return true;
}
