import type { VolunteerDoc } from './model.js';

/** The matcher's plain volunteer input (DOMAIN.md field names). */
export interface MatcherVolunteer {
  id: string;
  stationCode: string;
  name: string;
  skills: string[];
  description: string;
  certifications: string[];
  availability: Array<{ day: number; start: string; end: string }>;
  datesOff: string[];
  location: { lat: number; lng: number };
  radiusKm: number;
  maxActive: number;
  active: number;
}

/**
 * Maps a stored volunteer (with a location) and its held-slot count to the matcher's input; no
 * phone, no account data. `certifications` are the verified ones only (children's vetting).
 */
export function toMatcherVolunteer(v: VolunteerDoc & { location: { lat: number; lng: number } }, active: number): MatcherVolunteer {
  return {
    id: String(v._id),
    stationCode: v.stationCode,
    name: v.name,
    skills: [...(v.skills ?? [])],
    description: v.description ?? '',
    certifications: [...(v.verifiedCertifications ?? [])],
    availability: (v.availability ?? []).map((w) => ({ day: w.day, start: w.start, end: w.end })),
    datesOff: [...(v.datesOff ?? [])],
    location: { lat: v.location.lat, lng: v.location.lng },
    radiusKm: v.radiusKm,
    maxActive: v.maxActive,
    active,
  };
}
