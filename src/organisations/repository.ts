import { badRequest } from '../http/errors.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import { categoryName } from '../needs/taxonomy.js';
import { searchTextOf } from '../supply/text.js';
import { OrganisationModel, type Coverage, type OrganisationDoc } from './model.js';

/** Station-scoped access to organisations (home station). */
export const organisations = new ScopedRepository<OrganisationDoc>(OrganisationModel, '社会组织');

/** The stored search text: name, description, type and category names. */
export function organisationSearchText(o: Pick<OrganisationDoc, 'name' | 'description' | 'type' | 'categories'>): string {
  return searchTextOf(
    o.name,
    o.description,
    o.type,
    (o.categories ?? []).map((c) => categoryName(c)),
  );
}

/** Community coverage must name communities of the organisation's county. */
export function assertCoverageInCounty(coverage: Coverage | undefined, countyCode: string): void {
  if (!coverage || !('communityCodes' in coverage)) return;
  const foreign = coverage.communityCodes.filter((c) => !c.startsWith(countyCode));
  if (foreign.length) {
    throw badRequest('coverage_outside_county', '服务范围中的村(社区)不属于本县', { field: 'coverage.communityCodes', codes: foreign });
  }
}
