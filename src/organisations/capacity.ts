import { isObjectId } from '../shared/model.js';
import { claimSlot, heldCount, heldCounts, releaseSlot } from '../supply/repository.js';
import type { OrganisationDoc } from './model.js';
import { organisations } from './repository.js';

/** An organisation with its usage in one month. */
export type OrganisationWithUsage = OrganisationDoc & { usedThisMonth: number; usageMonth: string };

/** The referrals held in a month: the count of its claims (the ledger is the only record of usage). */
function usageOf(id: string, month: string): Promise<number> {
  return heldCount('organisation', id, month);
}

/**
 * Takes one of an approved organisation's referrals for `month` (YYYY-MM, China time). Each month
 * counts from zero. Returns the organisation with its usage, or null when the month is full or it
 * is unapproved/unknown; concurrent callers never exceed capacityPerMonth (unique claim rows, see
 * supply/claims.ts). Pass the assignment id as `holder` so the release gives back exactly that one.
 */
export async function takeOrganisationCapacity(id: string, month: string, holder?: string): Promise<OrganisationWithUsage | null> {
  if (!isObjectId(id)) return null;
  const o = await organisations.byId(id, { approved: true });
  if (!o) return null;
  const slot = await claimSlot({ kind: 'organisation', ownerId: id, period: month }, o.capacityPerMonth, holder);
  if (slot === null) return null;
  return { ...o, usedThisMonth: await usageOf(id, month), usageMonth: month };
}

/**
 * The assignment workflow's take of one referral: the approved organisation of `countyCode` (read first:
 * nothing is claimed for one that does not qualify) and the slot claimed, tried first at `hint.active`
 * (its month's usage as the live matching index has it) without reading which slots are held. Unlike
 * takeOrganisationCapacity it does not count the month's usage (a count scans the claims). Null when full
 * or not qualifying.
 */
export async function takeOrganisationSlot(
  id: string,
  month: string,
  holder: string,
  countyCode: string,
  hint?: { active: number },
): Promise<{ organisation: OrganisationDoc; slot: number } | null> {
  if (!isObjectId(id)) return null;
  const o = await organisations.byId(id, { approved: true });
  if (!o || o.countyCode !== countyCode) return null;
  const slot = await claimSlot({ kind: 'organisation', ownerId: id, period: month }, o.capacityPerMonth, holder, hint?.active);
  return slot === null ? null : { organisation: o, slot };
}

/** Gives back the referral `holder` took (found by _id when its slot number is known); false when none was held. */
export function releaseOrganisationSlot(id: string, month: string, holder: string, slot?: number): Promise<boolean> {
  if (!isObjectId(id)) return Promise.resolve(false);
  return releaseSlot({ kind: 'organisation', ownerId: id, period: month }, holder, slot);
}

/** Whether an approved organisation has a referral left in `month` (a hint; claimSlot decides). */
export async function hasFreeOrganisationCapacity(id: string, month: string): Promise<boolean> {
  const o = await organisations.byId(id, { approved: true });
  return o !== null && (await heldCount('organisation', id, month)) < o.capacityPerMonth;
}

/** Gives back a referral of `month`; null when none was held. */
export async function releaseOrganisationCapacity(id: string, month: string, holder?: string): Promise<OrganisationWithUsage | null> {
  if (!isObjectId(id)) return null;
  if (!(await releaseSlot({ kind: 'organisation', ownerId: id, period: month }, holder))) return null;
  const used = await usageOf(id, month);
  const o = await organisations.byId(id);
  return o ? { ...o, usedThisMonth: used, usageMonth: month } : null;
}

/** Usage of many organisations in a month (for lists and the candidate pool). */
export function organisationUsage(ids: string[], month: string): Promise<Map<string, number>> {
  return heldCounts('organisation', ids, month);
}
