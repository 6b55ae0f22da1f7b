import { claimSlot, hasFreeSlot, heldCounts, releaseSlot } from '../supply/repository.js';
import type { VolunteerDoc } from './model.js';
import { volunteers } from './repository.js';

/** A slot taken: the volunteer, and the slot's number (what a release names to give back exactly it). */
export interface VolunteerSlot {
  volunteer: VolunteerDoc;
  slot: number;
}

/**
 * Takes one assignment slot of an approved volunteer; null when it is full, unapproved or unknown (the
 * county, when given, is not the volunteer's). Concurrent callers never overbook: each slot is a row under a unique index
 * (see supply/repository.ts for why not a conditional `$inc`). Pass the assignment id as `holder`.
 */
export async function takeVolunteerSlot(volunteerId: string, holder?: string, countyCode?: string): Promise<VolunteerSlot | null> {
  const v = await volunteers.approved(volunteerId);
  if (!v || (countyCode !== undefined && v.countyCode !== countyCode)) return null;
  const slot = await claimSlot({ kind: 'volunteer', ownerId: volunteerId }, v.maxActive, holder);
  return slot === null ? null : { volunteer: v, slot };
}

/** Whether an approved volunteer has a free slot now (a hint; claimSlot decides). */
export async function hasFreeVolunteerSlot(volunteerId: string): Promise<boolean> {
  const v = await volunteers.approved(volunteerId);
  return v !== null && (await hasFreeSlot({ kind: 'volunteer', ownerId: volunteerId }, v.maxActive));
}

/** Gives a slot back (assignment declined, completed or cancelled); false when none was held. */
export function releaseVolunteerSlot(volunteerId: string, holder?: string, slot?: number): Promise<boolean> {
  return releaseSlot({ kind: 'volunteer', ownerId: volunteerId }, holder, slot);
}

/** The number of slots a volunteer holds now. */
export async function activeOf(volunteerId: string): Promise<number> {
  return (await volunteerLoads([volunteerId])).get(volunteerId) ?? 0;
}

/** Current `active` counts of many volunteers (for lists and the candidate pool). */
export function volunteerLoads(ids: string[]): Promise<Map<string, number>> {
  return heldCounts('volunteer', ids);
}
