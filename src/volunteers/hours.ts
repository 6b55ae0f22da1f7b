import type { Actor, StationScope } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { publish } from '../events/bus.js';
import { AppError, ValidationError, conflict } from '../http/errors.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import type { SubjectScope } from '../shared/scoped-repository.js';
import type { ServiceHoursDoc } from './model.js';
import { serviceHours, volunteers, type HoursTotal } from './repository.js';
import { ServiceHoursInputSchema, type HoursConfirmInput, type ServiceHoursInput } from './schema.js';

export type { HoursTotal } from './repository.js';

/**
 * Appends the hours a volunteer served on an assignment (called by the assignment workflow), as an
 * UNCONFIRMED entry: it counts once a coordinator confirms it (confirmServiceHours).
 * One entry per assignment, volunteer and day: a second entry for the same day answers 409.
 * `stationCode` defaults to the volunteer's home station; the volunteer must be of `countyCode`.
 */
export async function recordServiceHours(
  input: ServiceHoursInput & {
    countyCode: string;
    stationCode?: string;
    /**
     * Hours a coordinator records themself (backfilling a paper log, bulk seeding) are confirmed on
     * record by that coordinator; a volunteer's own figure never is.
     */
    confirmedByRecorder?: boolean;
    /**
     * The caller holds a record proving the volunteer is of `countyCode` (an assignment that took the
     * volunteer's slot there): with `stationCode` given, the volunteer is not read again.
     */
    volunteerOfCounty?: boolean;
  },
): Promise<ServiceHoursDoc> {
  const parsed = ServiceHoursInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues, 'body');
  const place =
    input.volunteerOfCounty && input.stationCode
      ? { countyCode: input.countyCode, stationCode: input.stationCode }
      : await volunteers
          .get({ kind: 'county', countyCode: input.countyCode }, input.volunteerId)
          .then((v) => ({ countyCode: v.countyCode, stationCode: input.stationCode ?? v.stationCode }));
  try {
    return await serviceHours.append({
      ...parsed.data,
      countyCode: place.countyCode,
      stationCode: place.stationCode,
      month: parsed.data.date.slice(0, 7),
      ...(input.confirmedByRecorder ? { confirmed: true, confirmedBy: parsed.data.recordedBy, confirmedAt: new Date() } : {}),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError(409, 'hours_recorded', '该任务当天的服务时长已登记');
    throw err;
  }
}

/**
 * Totals of CONFIRMED service hours per volunteer, month or station within a scope: the figure for
 * reports and certificates.
 */
export function hoursTotals(
  scope: StationScope,
  opts: { by: 'volunteer' | 'month' | 'station'; month?: string; volunteerId?: string },
): Promise<HoursTotal[]> {
  const key = { volunteer: '$volunteerId', month: '$month', station: '$stationCode' }[opts.by];
  return serviceHours.totalsInScope(
    scope,
    { ...(opts.month ? { month: opts.month } : {}), ...(opts.volunteerId ? { volunteerId: opts.volunteerId } : {}) },
    key,
  );
}

/** Totals of one volunteer's CONFIRMED hours per month, across stations (their own view). */
export function volunteerHoursByMonth(subject: SubjectScope): Promise<HoursTotal[]> {
  return serviceHours.totalsOfSubject(subject, '$month');
}

/** A volunteer's own hours: confirmed totals by month with a running total, and recent entries (confirmed or not). */
export async function volunteerHoursReport(subject: SubjectScope): Promise<{
  months: Array<HoursTotal & { runningTotal: number }>;
  total: number;
  unconfirmedHours: number;
  entries: ServiceHoursDoc[];
}> {
  const [months, entries] = await Promise.all([
    serviceHours.totalsOfSubject(subject, '$month'),
    serviceHours.entriesOfSubject(subject, 200),
  ]);
  let running = 0;
  const withRunning = months.map((m) => {
    running = round1(running + m.hours);
    return { ...m, runningTotal: running };
  });
  const unconfirmedHours = round1(entries.filter((e) => !e.confirmed).reduce((sum, e) => sum + e.hours, 0));
  return { months: withRunning, total: running, unconfirmedHours, entries };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Entries of a scope awaiting a coordinator's confirmation, oldest first, with the total count. */
export async function pendingServiceHours(
  scope: StationScope,
  opts: { volunteerId?: string; limit?: number } = {},
): Promise<{ items: ServiceHoursDoc[]; total: number }> {
  const [items, total] = await Promise.all([
    serviceHours.pending(scope, { volunteerId: opts.volunteerId, limit: opts.limit ?? 100 }),
    serviceHours.countPending(scope),
  ]);
  return { items, total };
}

/**
 * A coordinator of the station where the service was given (or the county admin) confirms an
 * entry, or corrects its hours: the volunteer's original figure is kept in `correctedFrom` and the
 * change is audited. Exactly one confirmation wins (an insert under a unique index); a second
 * answers 409. A confirmation whose mirror write failed is finished by the next attempt.
 */
export async function confirmServiceHours(props: {
  actor: Actor;
  scope: StationScope;
  id: string;
  input: HoursConfirmInput;
  requestId?: string;
}): Promise<ServiceHoursDoc> {
  const { actor, scope, id, input } = props;
  const entry = await serviceHours.get(scope, id);
  if (entry.confirmed) throw conflict('该服务时长已确认');
  const hours = input.hours ?? entry.hours;
  try {
    await serviceHours.claimConfirmation({ entryId: id, hours, confirmedBy: actor.userId });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const won = await serviceHours.confirmationOf(id);
    // Another coordinator confirmed first; finish their mirror write if it never landed, then refuse.
    if (won && !entry.confirmed) await mirrorConfirmation(scope, entry, won.hours, won.confirmedBy, undefined);
    throw conflict('该服务时长已确认');
  }
  const updated = await mirrorConfirmation(scope, entry, hours, actor.userId, input.note);
  const corrected = hours !== entry.hours;
  await audit(actor, {
    action: 'write',
    entity: 'service_hours',
    entityIds: [id],
    fields: corrected ? ['confirmed', 'hours'] : ['confirmed'],
    stationCode: entry.stationCode,
    requestId: props.requestId,
  });
  await publish({
    type: 'volunteer.hours_confirmed',
    countyCode: entry.countyCode,
    audience: { stationCodes: [entry.stationCode], volunteerIds: [entry.volunteerId] },
    payload: { entryId: id, volunteerId: entry.volunteerId, assignmentId: entry.assignmentId, hours, corrected },
  });
  return updated;
}

async function mirrorConfirmation(
  scope: StationScope,
  entry: ServiceHoursDoc,
  hours: number,
  by: string,
  note: string | undefined,
): Promise<ServiceHoursDoc> {
  const corrected = hours !== entry.hours;
  const updated = await serviceHours.update(scope, String(entry._id), {
    $set: {
      confirmed: true,
      confirmedBy: by,
      confirmedAt: new Date(),
      hours,
      ...(note ? { confirmNote: note } : {}),
      ...(corrected ? { correctedFrom: { hours: entry.hours, ...(entry.note ? { note: entry.note } : {}) } } : {}),
    },
  });
  if (!updated) throw conflict('该服务时长已确认');
  return updated;
}
