import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/**
 * Toneless pinyin of one character ('' for non-Han). Memoised per character so a whole county's texts
 * cost a map lookup per character; both sides of a comparison use the same reading, so polyphones stay consistent.
 */
export function charPinyin(ch: string): string {
  let p = cache.get(ch);
  if (p === undefined) {
    p = /\p{Script=Han}/u.test(ch) ? pinyin(ch, { toneType: 'none', v: true }).toLowerCase() : '';
    cache.set(ch, p);
  }
  return p;
}

/** Per-character toneless pinyin of a text (same length as Array.from(text)). */
export function syllables(text: string): string[] {
  return Array.from(text, charPinyin);
}

/** Runs of latin letters in a text (typed pinyin such as "peizhen" or "pei zhen"), lowercased, spaces removed. */
export function latinRuns(text: string): string[] {
  const runs = text.toLowerCase().match(/[a-z](?:[a-z\s']*[a-z])?/g) ?? [];
  return runs.map((r) => r.replace(/[\s']+/g, '')).filter((r) => r.length >= 3);
}
