import { claimSlot, heldCount, heldCounts, releaseSlot } from '../supply/repository.js';
import type { VolunteerDoc } from './model.js';
import { volunteers } from './repository.js';

/** Counts the held slots and mirrors the count into the profile's `active` field. */
async function mirrorActive(volunteerId: string): Promise<number> {
  const active = await heldCount('volunteer', volunteerId);
  await volunteers.mirrorActive(volunteerId, active);
  return active;
}

/** A volunteer with its current number of held assignment slots. */
export type VolunteerWithLoad = VolunteerDoc & { active: number };

/**
 * Takes one assignment slot of an approved volunteer. Returns the volunteer with its new `active`
 * count, or null when it is full, unapproved or unknown (the caller checks the county). Concurrent callers never
 * overbook: each slot is a row under a unique index (see supply/repository.ts for why not a
 * conditional `$inc`). Pass the assignment id as `holder` so releaseVolunteerSlot gives back exactly that slot.
 */
export async function takeVolunteerSlot(volunteerId: string, holder?: string): Promise<VolunteerWithLoad | null> {
  const v = await volunteers.approved(volunteerId);
  if (!v) return null;
  const slot = await claimSlot({ kind: 'volunteer', ownerId: volunteerId }, v.maxActive, holder);
  if (slot === null) return null;
  return { ...v, active: await mirrorActive(volunteerId) };
}

/** Whether an approved volunteer has a free slot now (a hint; claimSlot decides). */
export async function hasFreeVolunteerSlot(volunteerId: string): Promise<boolean> {
  const v = await volunteers.approved(volunteerId);
  return v !== null && (await heldCount('volunteer', volunteerId)) < v.maxActive;
}

/** Gives a slot back (assignment declined, completed or cancelled); null when none was held. */
export async function releaseVolunteerSlot(volunteerId: string, holder?: string): Promise<VolunteerWithLoad | null> {
  if (!(await releaseSlot({ kind: 'volunteer', ownerId: volunteerId }, holder))) return null;
  const active = await mirrorActive(volunteerId);
  const v = await volunteers.byId(volunteerId);
  return v ? { ...v, active } : null;
}

/** Current `active` counts of many volunteers (for lists and the candidate pool). */
export function volunteerLoads(ids: string[]): Promise<Map<string, number>> {
  return heldCounts('volunteer', ids);
}
