import type { Actor } from '../auth/actor.js';
import type { EventAudience } from './types.js';

/** Room of a station: its coordinators and the county admin. */
export const stationRoom = (code: string) => `station:${code}`;
/** Personal room of a volunteer profile. */
export const volunteerRoom = (id: string) => `volunteer:${id}`;
/** Personal room of an organisation profile. */
export const organisationRoom = (id: string) => `organisation:${id}`;
/** Personal room of a charity. */
export const charityRoom = (id: string) => `charity:${id}`;

/** Every room an event's audience addresses. */
export function roomsOf(audience: EventAudience): string[] {
  return [
    ...(audience.stationCodes ?? []).map(stationRoom),
    ...(audience.volunteerIds ?? []).map(volunteerRoom),
    ...(audience.organisationIds ?? []).map(organisationRoom),
    ...(audience.charityIds ?? []).map(charityRoom),
  ];
}

/**
 * The rooms an actor is put in, decided by the server from verified claims only.
 * countyStations lists the county's station codes (for admins).
 */
export function roomsForActor(actor: Actor, countyStations: string[]): string[] {
  switch (actor.role) {
    case 'admin':
      return countyStations.map(stationRoom);
    case 'coordinator':
      return actor.stationCode ? [stationRoom(actor.stationCode)] : [];
    case 'volunteer':
      return actor.subjectId ? [volunteerRoom(actor.subjectId)] : [];
    case 'organisation':
      return actor.subjectId ? [organisationRoom(actor.subjectId)] : [];
    case 'charity':
      return actor.subjectId ? [charityRoom(actor.subjectId)] : [];
  }
}
