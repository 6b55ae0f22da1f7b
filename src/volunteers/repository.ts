import { ScopedRepository } from '../shared/scoped-repository.js';
import { searchTextOf } from '../supply/text.js';
import { VolunteerModel, type VolunteerDoc } from './model.js';

/** Station-scoped access to volunteer profiles (home station). */
export const volunteers = new ScopedRepository<VolunteerDoc>(VolunteerModel, '志愿者');

/** The stored search text of a profile: name, skills, description, certifications. */
export function volunteerSearchText(v: Pick<VolunteerDoc, 'name' | 'skills' | 'description' | 'certifications'>): string {
  return searchTextOf(v.name, v.skills, v.description, v.certifications);
}
