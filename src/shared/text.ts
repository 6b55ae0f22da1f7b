/**
 * Text normalisation shared by imports, phone and ID helpers, and the NUL-byte rule for input.
 * Pure: no I/O.
 */

/** Result of checking/normalising one value (a cell, an answer): the value, or a Chinese reason. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;

/** Full-width ASCII (Ａ１（，) → half-width (A1(,), ideographic space → space, zero-width removed. */
export function toHalfWidth(s: string): string {
  return s
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACES, ' ')
    .replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Half-width, whitespace collapsed to one space, trimmed. */
export function normaliseText(s: string | null | undefined): string {
  if (s == null) return '';
  return toHalfWidth(String(s)).replace(/\s+/gu, ' ').trim();
}

/** Placeholders questionnaire platforms write for "no answer". */
const BLANK_ANSWERS = new Set(['(跳过)', '(空)', '(未填写)', '(未作答)', '(未回答)', '跳过', '空', '未填写', '未作答', '-']);

/** True for empty cells and 问卷星-style placeholders such as "(跳过)" / "（空）". */
export function isBlankAnswer(s: string | null | undefined): boolean {
  const t = normaliseText(s);
  return t === '' || BLANK_ANSWERS.has(t);
}

/**
 * Whether a string is free of NUL bytes. The database refuses NUL in field names and its regex engine in
 * patterns, so input carrying one is refused at validation (a 400 naming the field), not deep in a query.
 */
export const hasNoNul = (s: string): boolean => !s.includes('\u0000');

/** The Chinese message of a refused NUL byte. */
export const NUL_MESSAGE = '不能包含空字符（\\0）';
