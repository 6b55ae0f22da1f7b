import type { Actor } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { isObjectId } from '../shared/model.js';
import { OrganisationModel, type OrganisationDoc } from './model.js';
import { assertCoverageInCounty, organisationSearchText } from './repository.js';
import type { OrganisationPatch } from './schema.js';

/** The organisation an account speaks for; any other id answers 404. */
export async function ownOrganisation(actor: Actor, id: string | undefined = actor.subjectId): Promise<OrganisationDoc> {
  if (actor.role !== 'organisation' || !id || id !== actor.subjectId || !isObjectId(id)) throw notFound('社会组织');
  const doc = await OrganisationModel.findOne({ _id: id }).lean<OrganisationDoc>();
  if (!doc) throw notFound('社会组织');
  return doc;
}

/** An organisation edits its own profile (capacity included: usage lives in the claims ledger). */
export async function updateOwnOrganisation(props: { actor: Actor; id?: string; patch: OrganisationPatch }): Promise<OrganisationDoc> {
  const current = await ownOrganisation(props.actor, props.id ?? props.actor.subjectId);
  assertCoverageInCounty(props.patch.coverage, current.countyCode);
  const merged = { ...current, ...props.patch };
  const updated = await OrganisationModel.findOneAndUpdate(
    { _id: current._id },
    { $set: { ...props.patch, searchText: organisationSearchText(merged) } },
    { returnDocument: 'after' },
  ).lean<OrganisationDoc>();
  if (!updated) throw notFound('社会组织');
  return updated;
}
