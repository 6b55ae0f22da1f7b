import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { heldCount, heldCounts } from '../supply/repository.js';
import { maskPhone } from '../shared/phone.js';
import type { VolunteerDoc } from './model.js';
import type { VolunteerView } from './schema.js';

/** Presents a volunteer with its held-slot count; the phone is masked unless `fullPhone`. */
export function presentVolunteer(v: VolunteerDoc, opts: { fullPhone: boolean; active: number }): VolunteerView {
  return {
    id: String(v._id),
    stationCode: v.stationCode,
    name: v.name,
    phone: (opts.fullPhone ? v.phone : maskPhone(v.phone)) ?? '',
    skills: v.skills ?? [],
    description: v.description ?? '',
    certifications: v.certifications ?? [],
    verifiedCertifications: v.verifiedCertifications ?? [],
    availability: (v.availability ?? []).map((w) => ({ day: w.day, start: w.start, end: w.end })),
    datesOff: v.datesOff ?? [],
    location: v.location?.lat !== undefined ? { lat: v.location.lat, lng: v.location.lng } : null,
    homeCommunityCode: v.homeCommunityCode ?? null,
    radiusKm: v.radiusKm,
    maxActive: v.maxActive,
    active: opts.active,
    status: v.status,
    approved: v.approved,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

/**
 * Presents one volunteer to an actor: the volunteer themself and the home station's coordinators
 * (or the county admin) see the full phone; a person reading another's phone is audited.
 */
export async function presentVolunteerFor(actor: Actor, v: VolunteerDoc, requestId?: string): Promise<VolunteerView> {
  const own = actor.role === 'volunteer' && actor.subjectId === String(v._id);
  const privileged = !own && maySeeSensitive(actor, v.stationCode);
  if (privileged) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'volunteer',
      entityIds: [String(v._id)],
      fields: ['phone'],
      stationCode: v.stationCode,
      requestId,
    });
  }
  return presentVolunteer(v, { fullPhone: own || privileged, active: await heldCount('volunteer', String(v._id)) });
}

/** Presents a list with masked phones and each volunteer's held-slot count. */
export async function presentVolunteerList(list: VolunteerDoc[]): Promise<VolunteerView[]> {
  const loads = await heldCounts(
    'volunteer',
    list.map((v) => String(v._id)),
  );
  return list.map((v) => presentVolunteer(v, { fullPhone: false, active: loads.get(String(v._id)) ?? 0 }));
}
