/**
 * Pure helpers for cells of questionnaire exports (问卷星 / 腾讯问卷 / 金数据).
 * No I/O. Everything that can be wrong returns a CellResult with a Chinese reason,
 * so callers can turn it into an ImportProblem {row, column, reason}.
 */
import { createHash } from 'node:crypto';
import { URGENCY_LABELS } from '../contracts/labels.js';
import { isRealDate } from '../shared/id-number.js';
import { isBlankAnswer, normaliseText, type CellResult } from '../shared/text.js';

// ---------------------------------------------------------------------------
// Text normalisation

const CJK = '\\u3400-\\u9FFF\\uF900-\\uFAFF\\u3000-\\u303F\\uFF00-\\uFFEF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

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
/**
 * Text as the person wrote it: runs of whitespace become one space (and none between Chinese
 * characters), nothing else changes — full-width punctuation stays full-width. For stored text
 * (descriptions, addresses); keys and comparisons use the normalised forms.
 */
export function asWritten(s: string | null | undefined): string {
  if (s == null) return '';
  return String(s).replace(/\s+/gu, ' ').trim().replace(SPACE_BETWEEN_CJK, '');
}

export function normaliseAddress(s: string | null | undefined): string {
  return normaliseText(s).replace(SPACE_BETWEEN_CJK, '');
}

// ---------------------------------------------------------------------------
// Dates

export interface DateOptions {
  /** Offset of the wall-clock times in the file, in minutes east of UTC. Default 480 (China Standard Time). */
  utcOffsetMinutes?: number;
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

// The canonical words (URGENCY_LABELS, shared with the console and the survey template) come first.
const URGENCY_WORDS: ReadonlyArray<[Urgency, readonly string[]]> = [
  ['critical', [URGENCY_LABELS.critical, 'critical', '非常紧急', '特别紧急', '十分紧急', '万分紧急', '危急', '特急', '紧急危险', '极紧急']],
  ['high', [URGENCY_LABELS.high, 'high', '紧急', '比较紧急', '较紧急', '较急', '很急', '急', '高', '较高', '比较急']],
  ['normal', [URGENCY_LABELS.normal, 'normal', '一般', '普通', '中', '中等', '正常', '一般紧急', '不太急']],
  ['low', [URGENCY_LABELS.low, 'low', '不紧急', '不急', '不太紧急', '低', '较低', '不着急', '可以等']],
];

/** Maps a 紧急程度 answer ("非常紧急", "一般", "B.紧急"…) to the API's urgency. */
export function normaliseUrgency(s: string | null | undefined): CellResult<Urgency> {
  if (isBlankAnswer(s)) return { ok: false, reason: '紧急程度为空' };
  const t = normaliseText(s)
    .replace(/^[A-Da-d][.、.]\s*/u, '')
    .replace(/\s+/gu, '')
    .toLowerCase();
  for (const [level, words] of URGENCY_WORDS) if (words.includes(t)) return { ok: true, value: level };
  return {
    ok: false,
    reason: `无法识别的紧急程度「${normaliseText(s)}」，应为：${URGENCY_WORDS.map(([level]) => URGENCY_LABELS[level]).join('、')}`,
  };
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
