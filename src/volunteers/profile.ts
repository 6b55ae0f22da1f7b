import type { Actor } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { isObjectId } from '../shared/model.js';
import { VolunteerModel, type VolunteerDoc } from './model.js';
import { volunteerSearchText } from './repository.js';
import type { VolunteerPatch } from './schema.js';

/** The volunteer profile an account speaks for; another volunteer's id answers 404. */
export async function ownVolunteer(actor: Actor, id: string | undefined = actor.subjectId): Promise<VolunteerDoc> {
  if (actor.role !== 'volunteer' || !id || id !== actor.subjectId || !isObjectId(id)) throw notFound('志愿者');
  const doc = await VolunteerModel.findOne({ _id: id }).lean<VolunteerDoc>();
  if (!doc) throw notFound('志愿者');
  return doc;
}

/**
 * A volunteer edits their own profile. Slot counts live in the claims ledger, so lowering
 * maxActive below the slots held simply leaves no free slot until enough are released.
 */
export async function updateOwnVolunteer(props: { actor: Actor; id?: string; patch: VolunteerPatch }): Promise<VolunteerDoc> {
  const current = await ownVolunteer(props.actor, props.id ?? props.actor.subjectId);
  const merged = { ...current, ...props.patch };
  // Dropping a certification takes effect at once; a newly declared one waits for a coordinator.
  const verifiedCertifications = (current.verifiedCertifications ?? []).filter((c) => merged.certifications.includes(c));
  const updated = await VolunteerModel.findOneAndUpdate(
    { _id: current._id },
    { $set: { ...props.patch, verifiedCertifications, searchText: volunteerSearchText(merged) } },
    { returnDocument: 'after' },
  ).lean<VolunteerDoc>();
  if (!updated) throw notFound('志愿者');
  return updated;
}
