import { trusted } from '../shared/model.js';

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
