import { narrowScope, scopeOf, type Actor } from '../auth/actor.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { textSearchFilter } from '../supply/text.js';
import type { VolunteerDoc } from './model.js';
import { ownVolunteer } from './profile.js';
import { volunteers } from './repository.js';
import type { VolunteerListQuery } from './schema.js';

/** Volunteers of the actor's station (coordinator) or county (admin), filtered and cursor-paginated. */
export async function listVolunteers(actor: Actor, query: VolunteerListQuery): Promise<Page<VolunteerDoc>> {
  const filter: ScopedFilter<VolunteerDoc> = {
    ...textSearchFilter(query.q),
    ...(query.status ? { status: query.status } : {}),
    ...(query.skill ? { skills: query.skill.trim() } : {}),
    ...(query.certification ? { certifications: query.certification.trim() } : {}),
  };
  return volunteers.page(narrowScope(actor, query.stationCode), filter, {
    limit: query.limit,
    cursor: query.cursor,
  });
}

/** One volunteer: a volunteer reads only their own profile; coordinators their station's; admins the county's. */
export async function getVolunteer(actor: Actor, id: string): Promise<VolunteerDoc> {
  if (actor.role === 'volunteer') return ownVolunteer(actor, id);
  return volunteers.get(scopeOf(actor), id);
}
