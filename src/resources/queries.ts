import { scopeIncludes, scopeOf, type Actor } from '../auth/actor.js';
import { trusted } from '../shared/model.js';
import type { Page } from '../shared/scoped-repository.js';
import { textSearchFilter } from '../supply/text.js';
import { oneWithRemaining, withRemaining, type ResourceWithRemaining } from './allocations.js';
import type { ResourceDoc } from './model.js';
import { resources } from './repository.js';
import type { ResourceListQuery } from './schema.js';
import { ownResource } from './update.js';

/** Filter of resources that can be allocated at `now` (what remains is checked against the ledger). */
export function allocatableFilter(now: Date): Record<string, unknown> {
  return {
    status: 'available',
    $and: [
      { $or: [{ expiresAt: null }, { expiresAt: trusted({ $gt: now }) }] },
      { $or: [{ availableFrom: null }, { availableFrom: trusted({ $lte: now }) }] },
    ],
  };
}

/** Whether a resource can be allocated at `now`: `allocatableFilter` checked on a record already read. */
export function isAllocatable(r: Pick<ResourceDoc, 'status' | 'expiresAt' | 'availableFrom'>, now: Date): boolean {
  return r.status === 'available' && (r.expiresAt == null || r.expiresAt > now) && (r.availableFrom == null || r.availableFrom <= now);
}

/**
 * Resources a charity owns (its own) or that staff of the county may allocate, filtered and
 * paginated, with what remains. `available=true` also drops those the ledger shows used up.
 */
export async function listResources(actor: Actor, query: ResourceListQuery, now = new Date()): Promise<Page<ResourceWithRemaining>> {
  const owner = actor.role === 'charity' ? { charityId: actor.subjectId ?? '-' } : { countyCode: actor.countyCode };
  const filter: Record<string, unknown> = {};
  if (query.kind) filter.kind = query.kind;
  if (query.category) filter.category = query.category;
  if (query.status) filter.status = query.status;
  if (query.group) filter['eligibility.groups'] = query.group;
  const and: Record<string, unknown>[] = [];
  const text = textSearchFilter(query.q);
  if (Object.keys(text).length) and.push(text);
  if (query.available === 'true') and.push(allocatableFilter(now));
  const full = and.length ? { ...filter, $and: and } : filter;
  const page = await resources.page(owner, full, { limit: query.limit, cursor: query.cursor });
  const items = await withRemaining(page.items);
  return { items: query.available === 'true' ? items.filter((r) => r.remaining.amount > 0) : items, nextCursor: page.nextCursor };
}

/** One resource with what remains: a charity only its own; staff any of their county. */
export async function getResource(actor: Actor, id: string): Promise<ResourceWithRemaining> {
  if (actor.role === 'charity') return oneWithRemaining(await ownResource(actor, id));
  return oneWithRemaining(await resources.getInCounty(actor.countyCode, id));
}

/** Whether staff may see which need an allocation served (their own station's; the county admin all). */
export function mayseeNeedOf(actor: Actor, stationCode: string): boolean {
  if (actor.role !== 'coordinator' && actor.role !== 'admin') return false;
  return scopeIncludes(scopeOf(actor), stationCode);
}
