import { scopeOf, type Actor } from '../auth/actor.js';
import { conflict } from '../http/errors.js';
import { trusted } from '../shared/model.js';
import type { OrganisationDoc } from './model.js';
import { announceOrganisationUpdated } from './profile.js';
import { organisations } from './repository.js';

/** A coordinator of the home station (or the county admin) approves an organisation; only approved ones receive referrals. */
export async function approveOrganisation(props: { actor: Actor; id: string; note?: string }): Promise<OrganisationDoc> {
  const { actor, id, note } = props;
  const updated = await organisations.update(
    scopeOf(actor),
    id,
    { $set: { status: 'approved', approved: true, reviewedBy: actor.userId, reviewedAt: new Date(), reviewNote: note } },
    { status: trusted({ $ne: 'approved' }) },
  );
  if (!updated) throw conflict('该社会组织已审核通过');
  await announceOrganisationUpdated(updated, ['status']);
  return updated;
}

/** Rejects a pending organisation, or withdraws its approval. */
export async function rejectOrganisation(props: { actor: Actor; id: string; note?: string }): Promise<OrganisationDoc> {
  const { actor, id, note } = props;
  const updated = await organisations.update(
    scopeOf(actor),
    id,
    { $set: { status: 'rejected', approved: false, reviewedBy: actor.userId, reviewedAt: new Date(), reviewNote: note } },
    { status: trusted({ $ne: 'rejected' }) },
  );
  if (!updated) throw conflict('该社会组织已是未通过状态');
  await announceOrganisationUpdated(updated, ['status']);
  return updated;
}
