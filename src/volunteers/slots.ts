import { claimSlot, hasFreeSlot, heldCounts, prepareSlotRelease, releaseSlot } from '../supply/repository.js';
import type { VolunteerDoc } from './model.js';
import { volunteers } from './repository.js';

/** A slot taken: the volunteer, and the slot's number (what a release names to give back exactly it). */
export interface VolunteerSlot {
  volunteer: VolunteerDoc;
  slot: number;
}

/** What the caller believes of a volunteer's capacity (the live matching index): where a free slot likely is. */
export interface SlotHint {
  /** Slots held now, as far as the caller knows: the first slot to try. */
  active: number;
  maxActive: number;
}

/**
 * Takes one assignment slot of an approved volunteer; null when it is full, unapproved or unknown (the
 * county, when given, is not the volunteer's). Concurrent callers never overbook: each slot is a row under a unique index
 * (see supply/repository.ts for why not a conditional `$inc`). Pass the assignment id as `holder`.
 * With a hint the claim is tried at once, beside the read of the volunteer, and given back when the
 * volunteer turns out not to qualify: one round trip of latency instead of a read, then the claim.
 */
export async function takeVolunteerSlot(
  volunteerId: string,
  holder?: string,
  countyCode?: string,
  hint?: SlotHint,
): Promise<VolunteerSlot | null> {
  const key = { kind: 'volunteer' as const, ownerId: volunteerId };
  const qualifies = (v: VolunteerDoc | null): v is VolunteerDoc => v !== null && (countyCode === undefined || v.countyCode === countyCode);
  if (!hint || !holder) {
    const v = await volunteers.approved(volunteerId);
    if (!qualifies(v)) return null;
    const slot = await claimSlot(key, v.maxActive, holder);
    return slot === null ? null : { volunteer: v, slot };
  }
  const [v, blind] = await Promise.all([volunteers.approved(volunteerId), claimSlot(key, hint.maxActive, holder, hint.active)]);
  if (qualifies(v) && blind !== null && blind < v.maxActive) return { volunteer: v, slot: blind };
  if (blind !== null) await releaseSlot(key, holder, blind);
  if (!qualifies(v)) return null;
  // The hint's capacity was not the volunteer's: search under the real one (all held below the hint's).
  if (blind === null && v.maxActive <= hint.maxActive) return null;
  const slot = await claimSlot(key, v.maxActive, holder);
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

/** releaseVolunteerSlot in two steps: the claim read now, the returned function gives it back (see prepareSlotRelease). */
export function prepareVolunteerSlotRelease(volunteerId: string, holder: string, slot: number): Promise<() => Promise<boolean>> {
  return prepareSlotRelease({ kind: 'volunteer', ownerId: volunteerId }, holder, slot);
}

/** The number of slots a volunteer holds now. */
export async function activeOf(volunteerId: string): Promise<number> {
  return (await volunteerLoads([volunteerId])).get(volunteerId) ?? 0;
}

/** Current `active` counts of many volunteers (for lists and the candidate pool). */
export function volunteerLoads(ids: string[]): Promise<Map<string, number>> {
  return heldCounts('volunteer', ids);
}
