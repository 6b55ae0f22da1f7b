import { scopeOf, type Actor } from '../auth/actor.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { textSearchFilter } from '../supply/text.js';
import { narrowScope } from '../auth/actor.js';
import type { OrganisationDoc } from './model.js';
import { ownOrganisation } from './profile.js';
import { organisations } from './repository.js';
import type { OrganisationListQuery } from './schema.js';

/** Organisations registered to the actor's station (coordinator) or county (admin), filtered and paginated. */
export async function listOrganisations(actor: Actor, query: OrganisationListQuery): Promise<Page<OrganisationDoc>> {
  const filter: ScopedFilter<OrganisationDoc> = {
    ...textSearchFilter(query.q),
    ...(query.status ? { status: query.status } : {}),
    ...(query.category ? { categories: query.category } : {}),
    ...(query.type ? { type: query.type } : {}),
  };
  return organisations.page(narrowScope(actor, query.stationCode), filter, {
    limit: query.limit,
    cursor: query.cursor,
  });
}

/** One organisation: its own account, its station's coordinators, the county admin. */
export async function getOrganisation(actor: Actor, id: string): Promise<OrganisationDoc> {
  if (actor.role === 'organisation') return ownOrganisation(actor, id);
  return organisations.get(scopeOf(actor), id);
}
