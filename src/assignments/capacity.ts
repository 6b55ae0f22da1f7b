import { AppError } from '../http/errors.js';
import { logFailure } from '../shared/log-failure.js';
import { hasFreeOrganisationCapacity, releaseOrganisationSlot, takeOrganisationSlot } from '../organisations/capacity.js';
import { allocateResource } from '../resources/allocate.js';
import { monthOf } from '../shared/china-time.js';
import {
  hasFreeVolunteerSlot,
  prepareVolunteerSlotRelease,
  releaseVolunteerSlot,
  takeVolunteerSlot,
  type SlotHint,
} from '../volunteers/slots.js';
import type { CandidateKind } from './model.js';

/** The 409 for a candidate without capacity (full, unapproved, or of another county). */
export function capacityRefusal(kind: 'volunteer' | 'organisation' | 'resource'): AppError {
  return kind === 'organisation'
    ? new AppError(409, 'organisation_full', '该社会组织本月服务名额已满，请选择其他机构')
    : new AppError(409, 'volunteer_full', '该志愿者当前任务已满或尚未通过审核，请选择其他人选');
}

/** What taking capacity yields: the display name, the responder, and what to give back on release. */
export interface CapacityTaken {
  name: string;
  responderId: string;
  capacityMonth?: string;
  /** The volunteer's or organisation's slot held (its claim is found by _id on release). */
  slot?: number;
  quantity?: { amount: number; unit: string };
}

/**
 * Takes the candidate's capacity in one atomic write: a volunteer slot, an organisation's monthly
 * capacity, or resource units. Throws 409 when there is none left; racing callers never overbook.
 */
export async function takeCapacity(props: {
  kind: CandidateKind;
  id: string;
  countyCode: string;
  stationCode: string;
  needId: string;
  needCategory: string;
  amount?: number;
  now: Date;
  by: string;
  /** The assignment that will hold the capacity, so a release gives back exactly its slot. */
  holder: string;
  /** A volunteer's load or an organisation's month usage as the live matching index has it: the slot to try first, without reading. */
  slotHint?: SlotHint;
}): Promise<CapacityTaken> {
  switch (props.kind) {
    case 'volunteer': {
      const taken = await takeVolunteerSlot(props.id, props.holder, props.countyCode, props.slotHint);
      if (!taken) throw capacityRefusal('volunteer');
      return { name: taken.volunteer.name, responderId: props.id, slot: taken.slot };
    }
    case 'organisation': {
      const month = monthOf(props.now);
      const taken = await takeOrganisationSlot(props.id, month, props.holder, props.countyCode, props.slotHint);
      if (!taken) throw capacityRefusal('organisation');
      return { name: taken.organisation.name, responderId: props.id, capacityMonth: month, slot: taken.slot };
    }
    case 'resource': {
      const { resource } = await allocateResource({
        resourceId: props.id,
        amount: props.amount ?? 1,
        needCategory: props.needCategory,
        stationCode: props.stationCode,
        needId: props.needId,
        countyCode: props.countyCode,
        now: props.now,
        allocatedBy: props.by,
      });
      return {
        name: resource.title,
        responderId: resource.charityId,
        quantity: { amount: props.amount ?? 1, unit: resource.remaining.unit },
      };
    }
  }
}

/**
 * Whether the candidate has capacity left right now: a cheap read before the need is touched, so a
 * request that will lose (a full volunteer or organisation) is refused without writing anything.
 * Only a hint: takeCapacity's claim decides, racing callers included.
 */
export async function seemsAvailable(props: { kind: CandidateKind; id: string; now: Date }): Promise<boolean> {
  switch (props.kind) {
    case 'volunteer':
      return hasFreeVolunteerSlot(props.id);
    case 'organisation':
      return hasFreeOrganisationCapacity(props.id, monthOf(props.now));
    case 'resource':
      return true;
  }
}

/** Gives capacity back when an assignment ends without being served (declined, cancelled, expired). */
export async function releaseCapacity(a: {
  _id: unknown;
  candidate: { kind: CandidateKind; id: string };
  capacityMonth?: string;
  capacitySlot?: number;
}): Promise<void> {
  const holder = String(a._id);
  if (a.candidate.kind === 'volunteer') await releaseVolunteerSlot(a.candidate.id, holder, a.capacitySlot);
  if (a.candidate.kind === 'organisation' && a.capacityMonth)
    await releaseOrganisationSlot(a.candidate.id, a.capacityMonth, holder, a.capacitySlot);
  // Resource units handed to a need are not returned automatically: goods may already have moved;
  // a coordinator corrects the quantity with the charity.
}

/**
 * releaseCapacity in two steps, so its read overlaps the assignment's own move: what to give back is
 * read now (a volunteer's slot claim, by _id), and the returned function gives it back. Never rejects:
 * when the read fails, the returned function is the whole release.
 */
export async function prepareCapacityRelease(a: Parameters<typeof releaseCapacity>[0]): Promise<() => Promise<void>> {
  const whole = () => releaseCapacity(a);
  if (a.candidate.kind !== 'volunteer' || a.capacitySlot === undefined) return whole;
  try {
    const release = await prepareVolunteerSlotRelease(a.candidate.id, String(a._id), a.capacitySlot);
    return async () => {
      await release();
    };
  } catch (err) {
    logFailure('reading the capacity to give back', { assignmentId: String(a._id) })(err);
    return whole;
  }
}
