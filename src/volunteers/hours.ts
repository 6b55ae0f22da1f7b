import type { StationScope } from '../auth/actor.js';
import { AppError, ValidationError } from '../http/errors.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import type { SubjectScope } from '../shared/scoped-repository.js';
import type { ServiceHoursDoc } from './model.js';
import { serviceHours, volunteers, type HoursTotal } from './repository.js';
import { ServiceHoursInputSchema, type ServiceHoursInput } from './schema.js';

export type { HoursTotal } from './repository.js';

/**
 * Appends the hours a volunteer served on an assignment (called by the assignment workflow).
 * One entry per assignment, volunteer and day: a second entry for the same day answers 409.
 * `stationCode` defaults to the volunteer's home station; the volunteer must be of `countyCode`.
 */
export async function recordServiceHours(
  input: ServiceHoursInput & { countyCode: string; stationCode?: string },
): Promise<ServiceHoursDoc> {
  const parsed = ServiceHoursInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues, 'body');
  const volunteer = await volunteers.get({ kind: 'county', countyCode: input.countyCode }, input.volunteerId);
  const stationCode = input.stationCode ?? volunteer.stationCode;
  try {
    return await serviceHours.append({
      ...parsed.data,
      countyCode: volunteer.countyCode,
      stationCode,
      month: parsed.data.date.slice(0, 7),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError(409, 'hours_recorded', '该任务当天的服务时长已登记');
    throw err;
  }
}

/** Totals of service hours per volunteer, month or station within a scope. */
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

/** Totals of one volunteer's hours per month, across stations (their own view). */
export function volunteerHoursByMonth(subject: SubjectScope): Promise<HoursTotal[]> {
  return serviceHours.totalsOfSubject(subject, '$month');
}
