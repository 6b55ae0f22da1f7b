import { scopeOf, type Actor } from '../auth/actor.js';
import { conflict, notFound } from '../http/errors.js';
import { trusted } from '../shared/model.js';
import type { VolunteerDoc } from './model.js';
import { publish } from '../events/bus.js';
import { announceVolunteerUpdated } from './profile.js';
import { volunteers } from './repository.js';

/**
 * A coordinator of the volunteer's home station (or the county admin) approves a profile; only
 * approved volunteers can take assignment slots or appear in the candidate pool. Approval also
 * verifies the certifications declared at that moment.
 */
export async function approveVolunteer(props: { actor: Actor; id: string; note?: string }): Promise<VolunteerDoc> {
  const { actor, id, note } = props;
  const current = await volunteers.get(scopeOf(actor), id);
  const updated = await volunteers.update(
    scopeOf(actor),
    id,
    {
      $set: {
        status: 'approved',
        approved: true,
        verifiedCertifications: current.certifications ?? [],
        reviewedBy: actor.userId,
        reviewedAt: new Date(),
        reviewNote: note,
      },
    },
    { status: trusted({ $ne: 'approved' }) },
  );
  if (!updated) throw conflict('该志愿者已审核通过');
  await publish({
    type: 'volunteer.approved',
    countyCode: updated.countyCode,
    audience: { stationCodes: [updated.stationCode], volunteerIds: [id] },
    payload: { volunteerId: id, stationCode: updated.stationCode },
  });
  return updated;
}

/** Rejects a pending profile, or withdraws an approval (the volunteer leaves the candidate pool). */
export async function rejectVolunteer(props: { actor: Actor; id: string; note?: string }): Promise<VolunteerDoc> {
  const { actor, id, note } = props;
  const updated = await volunteers.update(
    scopeOf(actor),
    id,
    { $set: { status: 'rejected', approved: false, reviewedBy: actor.userId, reviewedAt: new Date(), reviewNote: note } },
    { status: trusted({ $ne: 'rejected' }) },
  );
  if (!updated) throw conflict('该志愿者已是未通过状态');
  await announceVolunteerUpdated(updated, ['status']);
  return updated;
}

/**
 * A coordinator of the home station (or the county admin) confirms the volunteer's declared
 * certifications after seeing the documents; from then on the matcher counts them.
 */
export async function verifyVolunteerCertifications(props: { actor: Actor; id: string }): Promise<VolunteerDoc> {
  const current = await volunteers.get(scopeOf(props.actor), props.id);
  const updated = await volunteers.update(scopeOf(props.actor), props.id, {
    $set: { verifiedCertifications: current.certifications ?? [], reviewedBy: props.actor.userId, reviewedAt: new Date() },
  });
  // `update` answers null only when the record is gone since the read above (a 404 like any other).
  if (!updated) throw notFound('志愿者');
  await announceVolunteerUpdated(updated, ['verifiedCertifications']);
  return updated;
}
