import { publish } from '../events/bus.js';
import { idOf } from '../shared/model.js';
import { subjectScopeOf, type Actor } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { approximateLocation } from '../households/places.js';
import type { LatLng } from '../supply/schemas.js';
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
  const patch = { ...props.patch, ...homeLocation(current.stationCode, props.patch) };
  const merged = { ...current, ...patch };
  // Dropping a certification takes effect at once; a newly declared one waits for a coordinator.
  const verifiedCertifications = (current.verifiedCertifications ?? []).filter((c) => merged.certifications.includes(c));
  const updated = await volunteers.updateOwn(subject, { ...patch, verifiedCertifications, searchText: volunteerSearchText(merged) });
  await announceVolunteerUpdated(updated, Object.keys(props.patch));
  return updated;
}

/**
 * The live matching index patches the volunteer from this event at once (availability, skills, area,
 * slots, review status, verified certifications); it names the changed fields, never their values.
 */
export async function announceVolunteerUpdated(updated: VolunteerDoc, changed: string[]): Promise<void> {
  await publish({
    type: 'volunteer.updated',
    countyCode: updated.countyCode,
    audience: { stationCodes: [updated.stationCode], volunteerIds: [idOf(updated)] },
    payload: { volunteerId: idOf(updated), stationCode: updated.stationCode, changed },
  });
}

/**
 * The home village's approximate centre as the location, when a village is chosen without
 * coordinates. The village must be one of the home station's (400 naming the field otherwise).
 */
export function homeLocation(stationCode: string, input: { homeCommunityCode?: string; location?: LatLng }): { location?: LatLng } {
  if (!input.homeCommunityCode) return {};
  if (!input.homeCommunityCode.startsWith(stationCode)) throw fieldError('homeCommunityCode', '请选择本社工站所辖的村(社区)');
  if (input.location) return {};
  const location = approximateLocation(input.homeCommunityCode);
  if (!location) throw fieldError('homeCommunityCode', '无法确定该村(社区)的位置，请改填经纬度');
  return { location };
}
