import { isObjectId } from '../shared/model.js';
import { claimSlot, heldCount, heldCounts, releaseSlot } from '../supply/claims.js';
import { VolunteerModel, type VolunteerDoc } from './model.js';

/** Counts the held slots and mirrors the count into the profile's `active` field. */
async function mirrorActive(volunteerId: string): Promise<number> {
  const active = await heldCount('volunteer', volunteerId);
  await VolunteerModel.updateOne({ _id: volunteerId }, { $set: { active } });
  return active;
}

/** A volunteer with its current number of held assignment slots. */
export type VolunteerWithLoad = VolunteerDoc & { active: number };

/**
 * Takes one assignment slot of an approved volunteer. Returns the volunteer with its new `active`
 * count, or null when it is full, unapproved or unknown. Concurrent callers never overbook: each
 * slot is a row under a unique index (see supply/claims.ts for why not a conditional `$inc`).
 * Pass the assignment id as `holder` so releaseVolunteerSlot gives back exactly that slot.
 */
export async function takeVolunteerSlot(volunteerId: string, holder?: string): Promise<VolunteerWithLoad | null> {
  if (!isObjectId(volunteerId)) return null;
  const v = await VolunteerModel.findOne({ _id: volunteerId, approved: true }).lean<VolunteerDoc>();
  if (!v) return null;
  const slot = await claimSlot({ kind: 'volunteer', ownerId: volunteerId }, v.maxActive, holder);
  if (slot === null) return null;
  return { ...v, active: await mirrorActive(volunteerId) };
}

/** Gives a slot back (assignment declined, completed or cancelled); null when none was held. */
export async function releaseVolunteerSlot(volunteerId: string, holder?: string): Promise<VolunteerWithLoad | null> {
  if (!isObjectId(volunteerId)) return null;
  const released = await releaseSlot({ kind: 'volunteer', ownerId: volunteerId }, holder);
  if (!released) return null;
  const active = await mirrorActive(volunteerId);
  const v = await VolunteerModel.findOne({ _id: volunteerId }).lean<VolunteerDoc>();
  return v ? { ...v, active } : null;
}

/** Current `active` counts of many volunteers (for lists and the candidate pool). */
export function volunteerLoads(ids: string[]): Promise<Map<string, number>> {
  return heldCounts('volunteer', ids);
}
