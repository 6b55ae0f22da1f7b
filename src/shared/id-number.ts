/**
 * Resident ID numbers 居民身份证号码 (GB 11643): checking and masking. The fixtures and the demo never
 * contain real ones. Pure: no I/O.
 */
import { normaliseText } from './text.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character (GB 11643) of the first 17 digits of an ID number. */
export function idCheckDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Whether y-m-d is a day of the calendar (no 2 月 30 日), as ID numbers and date cells need. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** GB 11643 check: 18 characters, valid birth date, valid check digit. */
export function isValidIdNumber(s: string | null | undefined): boolean {
  const t = normaliseText(s).toUpperCase();
  if (!/^\d{17}[\dX]$/u.test(t)) return false;
  const y = Number(t.slice(6, 10));
  const m = Number(t.slice(10, 12));
  const d = Number(t.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return false;
  return idCheckDigit(t) === t[17];
}

/** '620723195003151234' → '6207**********1234' (first 4 and last 4 kept); short strings keep the last 2. */
export function maskIdNumber(s: string | null | undefined): string {
  const t = normaliseText(s).replace(/\s/gu, '').toUpperCase();
  if (t.length === 0) return '';
  if (t.length >= 12) return t.slice(0, 4) + '*'.repeat(t.length - 8) + t.slice(-4);
  return '*'.repeat(Math.max(0, t.length - 2)) + t.slice(-2);
}
