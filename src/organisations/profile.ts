import { publish } from '../events/bus.js';
import { idOf } from '../shared/model.js';
import { subjectScopeOf, type Actor } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import type { SubjectScope } from '../shared/scoped-repository.js';
import type { OrganisationDoc } from './model.js';
import { assertCoverageInCounty, organisationSearchText, organisations } from './repository.js';
import type { OrganisationPatch } from './schema.js';

/** The subject scope of an organisation account asking about `id` (its own record), else 404. */
function ownSubject(actor: Actor, id: string | undefined): SubjectScope {
  const subject = subjectScopeOf(actor);
  if (!subject || subject.kind !== 'organisation' || id !== subject.subjectId) throw notFound('社会组织');
  return subject;
}

/** The organisation an account speaks for; any other id answers 404. */
export function ownOrganisation(actor: Actor, id: string | undefined = actor.subjectId): Promise<OrganisationDoc> {
  return organisations.getOwn(ownSubject(actor, id));
}

/** An organisation edits its own profile (capacity included: usage lives in the claims ledger). */
export async function updateOwnOrganisation(props: { actor: Actor; id?: string; patch: OrganisationPatch }): Promise<OrganisationDoc> {
  const subject = ownSubject(props.actor, props.id ?? props.actor.subjectId);
  const current = await organisations.getOwn(subject);
  assertCoverageInCounty(props.patch.coverage, current.countyCode);
  const merged = { ...current, ...props.patch };
  const updated = await organisations.updateOwn(subject, { ...props.patch, searchText: organisationSearchText(merged) });
  await announceOrganisationUpdated(updated, Object.keys(props.patch));
  return updated;
}

/** The live matching index patches the organisation from this event at once (coverage, categories, capacity, review status). */
export async function announceOrganisationUpdated(updated: OrganisationDoc, changed: string[]): Promise<void> {
  await publish({
    type: 'organisation.updated',
    countyCode: updated.countyCode,
    audience: { stationCodes: [updated.stationCode], organisationIds: [idOf(updated)] },
    payload: { organisationId: idOf(updated), stationCode: updated.stationCode, changed },
  });
}
