import { createRequire } from 'node:module';

/** A word segmenter: text in, words out (punctuation and spaces included; callers filter). */
export type Segmenter = (text: string) => string[];

interface JiebaLike {
  cutForSearch(sentence: string, hmm?: boolean): string[];
  loadDict(dict: Uint8Array): void;
}

let jieba: JiebaLike | null | undefined;

function loadJieba(): JiebaLike | null {
  if (jieba !== undefined) return jieba;
  try {
    // createRequire keeps the library synchronous: the native addon is CommonJS and the API must not become async.
    const require = createRequire(import.meta.url);
    const mod = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = mod.Jieba.withDict(dict);
  } catch {
    // Native binary missing for this platform: Intl.Segmenter below is the documented fallback.
    jieba = null;
  }
  return jieba;
}

const added = new Set<string>();

/** Teach the segmenter domain words (taxonomy synonyms) so they come out whole as well as split. */
export function addWords(words: Iterable<string>): void {
  const j = loadJieba();
  if (!j) return;
  const lines: string[] = [];
  for (const w of words) {
    if (w.length < 2 || added.has(w) || /\s/.test(w)) continue;
    added.add(w);
    lines.push(`${w} 50000`);
  }
  if (lines.length) j.loadDict(Buffer.from(lines.join('\n') + '\n'));
}

let intlSegmenter: Intl.Segmenter | undefined;

/** Segment Chinese text into words: jieba search mode (fine + coarse words), or Intl.Segmenter if jieba cannot load. */
export const segment: Segmenter = (text) => {
  const j = loadJieba();
  if (j) return j.cutForSearch(text, true);
  intlSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: string[] = [];
  for (const s of intlSegmenter.segment(text)) out.push(s.segment);
  return out;
};

/** Which segmenter is in use, for diagnostics. */
export function segmenterName(): 'jieba' | 'intl' {
  return loadJieba() ? 'jieba' : 'intl';
}

const STOPWORDS = new Set([
  '需要',
  '帮助',
  '帮忙',
  '希望',
  '我们',
  '他们',
  '她们',
  '可以',
  '能够',
  '提供',
  '服务',
  '一位',
  '一名',
  '一个',
  '没有',
  '因为',
  '所以',
  '但是',
  '而且',
  '目前',
  '现在',
  '每周',
  '每天',
  '一次',
  '进行',
  '开展',
  '相关',
  '情况',
  '家里',
  '家中',
  '自己',
  '平时',
  '老人',
  '老人家',
  '居民',
  '村民',
  '社区',
  '村里',
  '志愿者',
  '志愿',
  '社工',
  '问题',
  '困难',
  '比较',
  '非常',
  '已经',
  '经常',
  '左右',
  '以上',
  '时候',
  '有人',
  '需求',
  '协助',
  '一下',
  '这个',
  '那个',
  '什么',
  '怎么',
  '不能',
  '不会',
  '无法',
  '还有',
]);

/** Content words of a text: lowercase, no punctuation, digits, stopwords or single CJK characters. */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of segment(text)) {
    const t = raw.trim().toLowerCase();
    if (t.length < 2) continue;
    if (/^[\d.,:%]+$/.test(t)) continue;
    if (!/[\p{Script=Han}a-z]/u.test(t)) continue;
    if (STOPWORDS.has(t)) continue;
    out.push(t);
  }
  return out;
}
