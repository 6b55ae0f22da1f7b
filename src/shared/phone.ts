/**
 * Chinese phone numbers: recognising, normalising and masking them. One home for every area
 * (households, volunteers, organisations, resources, imports). Pure: no I/O.
 */
import { isBlankAnswer, normaliseText, type CellResult } from './text.js';

/** Mainland mobile numbers: 1[3-9] and nine more digits. */
export const MOBILE_RE = /^1[3-9]\d{9}$/u;
/** Area code (010, 02x, 0xxx) + 7–8 digit number, written without separators. */
const LANDLINE_RE = /^0[1-9]\d{8,10}$/u;

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
