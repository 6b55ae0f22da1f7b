import { subjectScopeOf, type Actor } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import type { SubjectScope } from '../shared/scoped-repository.js';
import type { VolunteerDoc } from './model.js';
import { volunteerSearchText, volunteers } from './repository.js';
import type { VolunteerPatch } from './schema.js';

/** The subject scope of a volunteer account asking about `id` (its own profile), else 404. */
export function ownSubject(actor: Actor, id: string | undefined = actor.subjectId): SubjectScope {
  const subject = subjectScopeOf(actor);
  if (!subject || subject.kind !== 'volunteer' || id !== subject.subjectId) throw notFound('志愿者');
  return subject;
}

/** The volunteer profile an account speaks for; another volunteer's id answers 404. */
export function ownVolunteer(actor: Actor, id: string | undefined = actor.subjectId): Promise<VolunteerDoc> {
  return volunteers.getOwn(ownSubject(actor, id));
}

/**
 * A volunteer edits their own profile. Slot counts live in the claims ledger, so lowering
 * maxActive below the slots held simply leaves no free slot until enough are released.
 */
export async function updateOwnVolunteer(props: { actor: Actor; id?: string; patch: VolunteerPatch }): Promise<VolunteerDoc> {
  const subject = ownSubject(props.actor, props.id ?? props.actor.subjectId);
  const current = await volunteers.getOwn(subject);
  const merged = { ...current, ...props.patch };
  // Dropping a certification takes effect at once; a newly declared one waits for a coordinator.
  const verifiedCertifications = (current.verifiedCertifications ?? []).filter((c) => merged.certifications.includes(c));
  return volunteers.updateOwn(subject, { ...props.patch, verifiedCertifications, searchText: volunteerSearchText(merged) });
}
