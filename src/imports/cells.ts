/**
 * Pure helpers for cells of questionnaire exports (问卷星 / 腾讯问卷 / 金数据).
 * No I/O. Everything that can be wrong returns a CellResult with a Chinese reason,
 * so callers can turn it into an ImportProblem {row, column, reason}.
 */
import { createHash } from 'node:crypto';
import type { CellResult } from './problem.js';

export type { CellResult } from './problem.js';

// ---------------------------------------------------------------------------
// Text normalisation

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;
const CJK = '\\u3400-\\u9FFF\\uF900-\\uFAFF\\u3000-\\u303F\\uFF00-\\uFFEF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

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

/** Person's name: half-width, no spaces between Chinese characters, unified middle dot (帕塔尔·胡加买). */
export function normaliseName(s: string | null | undefined): string {
  return normaliseText(s)
    .replace(SPACE_BETWEEN_CJK, '')
    .replace(/(?<=[\u3400-\u9FFF])\s*[·•・‧∙.]\s*(?=[\u3400-\u9FFF])/gu, '·');
}

/** Name check for a 户主/联系人 column. */
export function validateName(s: string | null | undefined): CellResult<string> {
  if (isBlankAnswer(s)) return { ok: false, reason: '姓名为空' };
  const name = normaliseName(s);
  if (/^(无|不详|未知|暂无|匿名|\?+)$/u.test(name)) return { ok: false, reason: `姓名「${name}」是占位词，请填写真实姓名` };
  if (/\d/u.test(name)) return { ok: false, reason: `姓名「${name}」中含有数字` };
  if ([...name].length > 30) return { ok: false, reason: '姓名过长（超过 30 个字）' };
  return { ok: true, value: name };
}

/** Address: half-width, whitespace collapsed, no spaces next to Chinese characters. */
export function normaliseAddress(s: string | null | undefined): string {
  return normaliseText(s).replace(SPACE_BETWEEN_CJK, '');
}

// ---------------------------------------------------------------------------
// Phones

export type PhoneKind = 'mobile' | 'landline';

export const MOBILE_RE = /^1[3-9]\d{9}$/u;
/** Area code (010, 02x, 0xxx) + 7–8 digit number, written without separators. */
export const LANDLINE_RE = /^0[1-9]\d{8,10}$/u;

export function phoneKind(digits: string): PhoneKind | null {
  if (MOBILE_RE.test(digits)) return 'mobile';
  if (LANDLINE_RE.test(digits)) return 'landline';
  return null;
}

function stripPhoneNoise(s: string): string {
  let t = s.replace(/[\s\-–—_()（）.·]/gu, '');
  // +86 / 0086 / 86 country prefix before a mobile number
  const m = /^(?:\+?86|0086)(1\d{10})$/u.exec(t);
  if (m) t = m[1]!;
  else if (/^\+86/u.test(t)) t = t.slice(3);
  return t;
}

/**
 * Mobile (1[3-9] + 9 digits) or landline with area code (e.g. 0936-5521234 → "09365521234").
 * Strips +86/0086, spaces, dashes, brackets. If a cell holds several numbers
 * ("13912345678/0936-5521234") the first valid one is returned.
 */
export function normalisePhone(s: string | number | null | undefined): CellResult<string> {
  if (s == null) return { ok: false, reason: '联系电话为空' };
  const raw = normaliseText(String(s));
  if (isBlankAnswer(raw)) return { ok: false, reason: '联系电话为空' };
  if (/^\d(\.\d+)?e\+?\d+$/iu.test(raw)) {
    return { ok: false, reason: `电话号码被 Excel 转成了科学计数法（${raw}），请把该列设为文本后重新导出` };
  }
  const parts = raw
    .split(/[/、,;，；或]|\s{2,}/u)
    .map((p) => p.trim())
    .filter(Boolean);
  let firstReason: string | null = null;
  for (const part of parts.length ? parts : [raw]) {
    const r = checkOnePhone(part);
    if (r.ok) return r;
    firstReason ??= r.reason;
  }
  return { ok: false, reason: firstReason ?? `无法识别的电话号码「${raw}」` };
}

function checkOnePhone(part: string): CellResult<string> {
  const t = stripPhoneNoise(part);
  if (!/^\d+$/u.test(t)) return { ok: false, reason: `电话号码「${part}」含有非数字字符` };
  if (MOBILE_RE.test(t) || LANDLINE_RE.test(t)) return { ok: true, value: t };
  if (t.length === 11 && t.startsWith('1')) return { ok: false, reason: `手机号码「${part}」号段无效（应以 13–19 开头）` };
  if (t.length === 7 || t.length === 8) return { ok: false, reason: `固定电话「${part}」缺少区号` };
  return { ok: false, reason: `电话号码「${part}」位数不对（${t.length} 位），手机号应为 11 位` };
}

/** '13812341234' → '138****1234'. Accepts anything normalisePhone accepts; other strings keep only the last 2 characters. */
export function maskPhone(s: string | null | undefined): string {
  if (s == null) return '';
  const r = normalisePhone(s);
  const digits = r.ok ? r.value : normaliseText(s).replace(/\s/gu, '');
  if (digits.length === 0) return '';
  if (digits.length >= 7) return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
  return '*'.repeat(Math.max(0, digits.length - 2)) + digits.slice(-2);
}

// ---------------------------------------------------------------------------
// ID numbers (居民身份证号码). The fixtures never contain real ones.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check: 18 characters, valid birth date, valid check digit. */
export function isValidIdNumber(s: string | null | undefined): boolean {
  const t = normaliseText(s).toUpperCase();
  if (!/^\d{17}[\dX]$/u.test(t)) return false;
  const y = Number(t.slice(6, 10));
  const m = Number(t.slice(10, 12));
  const d = Number(t.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(t[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === t[17];
}

/** '620723195003151234' → '6207**********1234' (first 4 and last 4 kept); short strings keep the last 2. */
export function maskIdNumber(s: string | null | undefined): string {
  const t = normaliseText(s).replace(/\s/gu, '').toUpperCase();
  if (t.length === 0) return '';
  if (t.length >= 12) return t.slice(0, 4) + '*'.repeat(t.length - 8) + t.slice(-4);
  return '*'.repeat(Math.max(0, t.length - 2)) + t.slice(-2);
}

// ---------------------------------------------------------------------------
// Dates

export interface DateOptions {
  /** Offset of the wall-clock times in the file, in minutes east of UTC. Default 480 (China Standard Time). */
  utcOffsetMinutes?: number;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const DATE_HINT = '请使用 2024-03-05、2024/3/5 14:22 或 2024年3月5日 格式';
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function build(
  raw: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  ms: number,
  offsetMin: number,
): CellResult<Date> {
  if (y < 1900 || y > 2100) return { ok: false, reason: `日期「${raw}」的年份 ${y} 不合理` };
  if (!isRealDate(y, mo, d)) return { ok: false, reason: `日期不存在：${y}年${mo}月${d}日` };
  if (h > 23 || mi > 59 || sec > 59) return { ok: false, reason: `时间不合法：「${raw}」` };
  return { ok: true, value: new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000) };
}

function parseOffset(z: string | undefined, dflt: number): number {
  if (!z) return dflt;
  if (z === 'Z' || z === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/u.exec(z)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Excel serial day number (1900 date system) → instant, reading the wall clock at `offsetMin`. */
export function excelSerialToDate(serial: number, opts: DateOptions = {}): CellResult<Date> {
  const offsetMin = opts.utcOffsetMinutes ?? 480;
  if (!Number.isFinite(serial) || serial < 61 || serial >= 73051) {
    return { ok: false, reason: `Excel 日期序号 ${serial} 超出范围（1900–2099 年）` };
  }
  const wallMs = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  return { ok: true, value: new Date(wallMs - offsetMin * 60_000) };
}

/**
 * Parses the date formats found in Chinese questionnaire exports:
 * "2024年3月5日", "2024年3月5日 14时22分", "2024/3/5 14:22:00", "2024-03-05", "2024.3.5",
 * "20240305", ISO strings (with or without zone), and Excel serial numbers (45356, "45356.6").
 * Wall-clock times are read in China Standard Time (UTC+8) unless told otherwise.
 */
export function parseChineseDate(input: string | number | Date | null | undefined, opts: DateOptions = {}): CellResult<Date> {
  const offsetMin = opts.utcOffsetMinutes ?? 480;
  if (input == null) return { ok: false, reason: '日期为空' };
  if (input instanceof Date) {
    return Number.isNaN(input.getTime()) ? { ok: false, reason: '日期无效' } : { ok: true, value: input };
  }
  if (typeof input === 'number') {
    if (Number.isInteger(input) && input >= 1900 && input <= 2100) {
      return { ok: false, reason: `日期「${input}」只有年份，缺少月和日` };
    }
    return excelSerialToDate(input, opts);
  }
  const raw = normaliseText(input);
  if (isBlankAnswer(raw)) return { ok: false, reason: '日期为空' };

  // Pure numbers: yyyymmdd, a bare year, or an Excel serial.
  if (/^\d{8}$/u.test(raw)) {
    return build(raw, Number(raw.slice(0, 4)), Number(raw.slice(4, 6)), Number(raw.slice(6, 8)), 0, 0, 0, 0, offsetMin);
  }
  if (/^\d{4}$/u.test(raw) && Number(raw) >= 1900 && Number(raw) <= 2100) {
    return { ok: false, reason: `日期「${raw}」只有年份，缺少月和日` };
  }
  if (/^\d{1,5}(\.\d+)?$/u.test(raw)) {
    const r = excelSerialToDate(Number(raw), opts);
    return r.ok ? r : { ok: false, reason: `无法识别的日期「${raw}」，${DATE_HINT}` };
  }

  const m = /^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?(.*)$/u.exec(raw);
  if (!m) {
    if (/^\d{4}\s*[年\-/.]\s*\d{1,2}\s*月?$/u.test(raw)) return { ok: false, reason: `日期「${raw}」缺少日` };
    return { ok: false, reason: `无法识别的日期「${raw}」，${DATE_HINT}` };
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const rest = m[4]!.trim();
  if (rest === '') return build(raw, y, mo, d, 0, 0, 0, 0, offsetMin);

  const t =
    /^T?\s*(上午|下午|凌晨|早上|中午|晚上)?\s*(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?\s*(?::?\s*(\d{1,2})(?:\.(\d{1,3})\d*)?\s*秒?)?\s*(Z|[+-]\d{2}:?\d{2})?$/iu.exec(
      rest,
    );
  if (!t) return { ok: false, reason: `无法识别的时间「${raw}」，${DATE_HINT}` };
  let h = Number(t[2]);
  const half = t[1];
  if (half && /下午|晚上/u.test(half) && h < 12) h += 12;
  if (half === '中午' && h < 11) h += 12;
  const ms = t[5] ? Number(t[5].padEnd(3, '0')) : 0;
  return build(raw, y, mo, d, h, Number(t[3]), t[4] ? Number(t[4]) : 0, ms, parseOffset(t[6], offsetMin));
}

// ---------------------------------------------------------------------------
// Multi-choice answers

export interface Choice {
  /** The option's label, e.g. "助餐/送餐" or "其他". */
  option: string;
  /** Text the respondent typed into the option's fill-in box (问卷星 "其他〖…〗"). */
  fillIn?: string;
}

const CHOICE_SEPARATORS = new Set(['┋', '┇', ';', '；', ',', '，', '|', '｜', '\n', '\r']);
const FILL_HINT = /\s*[(（](请注明|请填写|请说明|请写明|注明|填写)[)）]\s*$/u;

/**
 * Splits a multi-choice cell into its options, keeping fill-in text:
 * "助餐┋其他〖需要理发〗" → [{option:"助餐"}, {option:"其他", fillIn:"需要理发"}].
 * Separators: ┋ ; ； , ， | — but never inside 〖…〗 / 【…】 fill-ins. Empty
 * items and placeholders such as "(跳过)" are dropped, duplicates removed.
 */
export function splitMultiChoiceDetailed(s: string | null | undefined): Choice[] {
  if (s == null) return [];
  const text = String(s);
  const tokens: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '〖' || ch === '【') depth++;
    else if ((ch === '〗' || ch === '】') && depth > 0) depth--;
    if (depth === 0 && CHOICE_SEPARATORS.has(ch)) {
      tokens.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  tokens.push(cur);

  const out: Choice[] = [];
  const seen = new Set<string>();
  for (const tok of tokens) {
    const t = tok.replace(/\s+/gu, ' ').trim();
    if (isBlankAnswer(t)) continue;
    let option = t;
    let fillIn: string | undefined;
    const fm = /^(.*?)\s*[〖【]([^]*)[〗】]\s*$/u.exec(t);
    if (fm) {
      option = fm[1]!.trim();
      const f = fm[2]!.replace(/\s+/gu, ' ').trim();
      if (f && !isBlankAnswer(f)) fillIn = f;
    }
    option = option
      .replace(FILL_HINT, '')
      .replace(/[:：]\s*$/u, '')
      .trim();
    if (!option && !fillIn) continue;
    if (!option) option = '其他';
    const key = `${option}\u0000${fillIn ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fillIn ? { option, fillIn } : { option });
  }
  return out;
}

/**
 * Like splitMultiChoiceDetailed, as plain strings: a fill-in is kept after a
 * full-width colon so no information is lost ("其他〖需要理发〗" → "其他：需要理发").
 */
export function splitMultiChoice(s: string | null | undefined): string[] {
  return splitMultiChoiceDetailed(s).map((c) => (c.fillIn ? `${c.option}：${c.fillIn}` : c.option));
}

// ---------------------------------------------------------------------------
// Urgency (紧急程度)

export type Urgency = 'low' | 'normal' | 'high' | 'critical';

const URGENCY_WORDS: ReadonlyArray<[Urgency, readonly string[]]> = [
  ['critical', ['critical', '非常紧急', '特别紧急', '十分紧急', '万分紧急', '危急', '特急', '紧急危险', '极紧急']],
  ['high', ['high', '紧急', '比较紧急', '较紧急', '较急', '很急', '急', '高', '较高', '比较急']],
  ['normal', ['normal', '一般', '普通', '中', '中等', '正常', '一般紧急', '不太急']],
  ['low', ['low', '不紧急', '不急', '不太紧急', '低', '较低', '不着急', '可以等']],
];

/** Maps a 紧急程度 answer ("非常紧急", "一般", "B.紧急"…) to the API's urgency. */
export function normaliseUrgency(s: string | null | undefined): CellResult<Urgency> {
  if (isBlankAnswer(s)) return { ok: false, reason: '紧急程度为空' };
  const t = normaliseText(s)
    .replace(/^[A-Da-d][.、.]\s*/u, '')
    .replace(/\s+/gu, '')
    .toLowerCase();
  for (const [level, words] of URGENCY_WORDS) if (words.includes(t)) return { ok: true, value: level };
  return { ok: false, reason: `无法识别的紧急程度「${normaliseText(s)}」，应为：非常紧急、紧急、一般、不紧急` };
}

// ---------------------------------------------------------------------------
// Row identity

/**
 * Stable sha256 (hex) of a row's normalised values in header order, so that
 * re-importing the same export row is detected. `headers` defaults to the
 * key order of `cells` (which openRows() gives in header order). Columns in
 * `ignore` (e.g. a platform's own 序号) are left out.
 */
export function contentKey(
  cells: Record<string, string>,
  headers: readonly string[] = Object.keys(cells),
  opts: { ignore?: readonly string[] } = {},
): string {
  const ignore = new Set(opts.ignore ?? []);
  const pairs: Array<[string, string]> = [];
  for (const h of headers) {
    if (ignore.has(h)) continue;
    pairs.push([normaliseText(h), normaliseText(cells[h] ?? '')]);
  }
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}
