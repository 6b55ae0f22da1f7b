import { trusted } from '../shared/model.js';

/** Removes separators and the +86 / 86 prefix from a mobile number. */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s\-()（）]/g, '');
  return digits.replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** Masks a phone for lists: 138****1234. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** The stored lower-case text that search runs over (no text indexes on FerretDB). */
export function searchTextOf(...parts: Array<string | string[] | undefined>): string {
  return parts
    .flat()
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Filter on `searchText` requiring every whitespace-separated term of q, matched literally and case-insensitively. */
export function textSearchFilter(q: string | undefined): Record<string, unknown> {
  const terms = searchTextOf(q).split(' ').filter(Boolean).slice(0, 5);
  if (terms.length === 0) return {};
  if (terms.length === 1) return { searchText: trusted({ $regex: escapeRegex(terms[0]!), $options: 'i' }) };
  return { $and: terms.map((t) => ({ searchText: trusted({ $regex: escapeRegex(t), $options: 'i' }) })) };
}

/** The month (YYYY-MM) of an instant in China Standard Time, which counts monthly capacity. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}
