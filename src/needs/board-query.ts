/**
 * The needs list and the board's counts as plain code over a county's needs held in memory (the needs
 * mirror): the same filters, search, order, paging and totals the database query gave, without a scan
 * of the collection per request. Pure: no database, so the unit tests pin the semantics.
 */
import type { StationScope } from '../auth/actor.js';
import { keysetPage, withinScope, type Page } from '../shared/scoped-repository.js';
import type { NeedDoc } from './model.js';
import type { NeedListQuery } from './schema.js';

/** The sort keys of the list (numbers, so keyset cursors survive JSON). */
export const SORT_FIELDS = {
  createdAt: '_id',
  urgency: 'urgencyRank',
  dueBy: 'dueMs',
} as const;

/** What the text search matched outside the need itself: households (by name or phone) and villages (by name). */
export interface SearchMatches {
  /** The search text as a case-insensitive pattern (special characters taken literally). */
  pattern: RegExp;
  householdIds: ReadonlySet<string>;
  communityCodes: ReadonlySet<string>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** The pattern of a search text, as the list searches it: literal, case-insensitive. */
export const searchPattern = (q: string): RegExp => new RegExp(escapeRegex(q), 'iu');

/** A text field as a regex query tests it: a missing field never matches. */
const textMatches = (re: RegExp, v: unknown) => typeof v === 'string' && re.test(v);

/** Whether a need passes the list's filters (everything but scope and paging). */
export function matchesListQuery(n: NeedDoc, query: NeedListQuery, search?: SearchMatches): boolean {
  if (query.status && !query.status.includes(n.status)) return false;
  if (query.urgency && !query.urgency.includes(n.urgency)) return false;
  if (query.category && n.category !== query.category) return false;
  if (query.group && !(n.groups ?? []).includes(query.group)) return false;
  if (query.communityCode && n.communityCode !== query.communityCode) return false;
  if (query.householdId && n.householdId !== query.householdId) return false;
  if (search) {
    const found =
      textMatches(search.pattern, n.title) ||
      textMatches(search.pattern, n.description) ||
      (n.householdId !== null && n.householdId !== undefined && search.householdIds.has(n.householdId)) ||
      search.communityCodes.has(n.communityCode);
    if (!found) return false;
  }
  return true;
}

/** A page of the needs within `scope` that match, in the requested order, with the exact total. */
export function pageOfNeeds(
  docs: ReadonlyMap<string, NeedDoc>,
  scope: StationScope,
  query: NeedListQuery,
  search?: SearchMatches,
): Page<NeedDoc> & { total: number } {
  // Rows keyed by the map's id string and carrying the sort keys: sorting 20,000 needs then compares plain
  // values instead of converting every ObjectId to text.
  const rows: Array<{ _id: string; urgencyRank: number; dueMs: number; n: NeedDoc }> = [];
  for (const [id, n] of docs) {
    if (withinScope(n, scope) && matchesListQuery(n, query, search)) rows.push({ _id: id, urgencyRank: n.urgencyRank, dueMs: n.dueMs, n });
  }
  const key = query.sort.replace(/^-/u, '') as keyof typeof SORT_FIELDS;
  const { slice, nextCursor, total } = keysetPage(rows, {
    sortField: SORT_FIELDS[key],
    direction: query.sort.startsWith('-') ? -1 : 1,
    limit: query.limit,
    cursor: query.cursor,
    offset: query.offset,
  });
  return { items: slice.map((r) => r.n), nextCursor, total };
}

/** The board's need counts within `scope`: waiting for a match (open or matching), and of those the urgent ones. */
export function countOpenNeeds(docs: Iterable<NeedDoc>, scope: StationScope): { open: number; urgent: number } {
  let open = 0;
  let urgent = 0;
  for (const n of docs) {
    if (!withinScope(n, scope) || (n.status !== 'open' && n.status !== 'matching')) continue;
    open++;
    if (n.urgency === 'high' || n.urgency === 'critical') urgent++;
  }
  return { open, urgent };
}
