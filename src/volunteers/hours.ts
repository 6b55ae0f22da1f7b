import type { Types } from 'mongoose';
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { AppError, ValidationError, notFound } from '../http/errors.js';
import { defineModel, isObjectId } from '../shared/model.js';
import { groupSums } from '../supply/aggregate.js';
import { VolunteerModel, type VolunteerDoc } from './model.js';
import { ServiceHoursInputSchema, type ServiceHoursInput } from './schema.js';

/** One append-only entry of service hours for an assignment on a day (never updated or deleted). */
export interface ServiceHoursDoc {
  _id: Types.ObjectId;
  countyCode: string;
  /** The station where the service was given (the need's station). */
  stationCode: string;
  volunteerId: string;
  assignmentId: string;
  hours: number;
  date: string;
  month: string;
  recordedBy: string;
  note?: string;
  createdAt: Date;
}

/** Service-hour entries: append-only (no update or delete path exists). */
export const ServiceHoursModel = defineModel<ServiceHoursDoc>(
  'ServiceHours',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    volunteerId: { type: String, required: true },
    assignmentId: { type: String, required: true },
    hours: { type: Number, required: true },
    date: { type: String, required: true },
    month: { type: String, required: true },
    recordedBy: { type: String, required: true },
    note: String,
  },
  [
    [{ assignmentId: 1, volunteerId: 1, date: 1 }, { unique: true }],
    [{ countyCode: 1, stationCode: 1, month: 1 }],
    [{ volunteerId: 1, date: -1 }],
  ],
);

/**
 * Appends the hours a volunteer served on an assignment (called by the assignment workflow).
 * One entry per assignment, volunteer and day: a second entry for the same day answers 409.
 * `stationCode` defaults to the volunteer's home station.
 */
export async function recordServiceHours(input: ServiceHoursInput & { stationCode?: string }): Promise<ServiceHoursDoc> {
  const parsed = ServiceHoursInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues, 'body');
  const volunteer = isObjectId(input.volunteerId) ? await VolunteerModel.findOne({ _id: input.volunteerId }).lean<VolunteerDoc>() : null;
  if (!volunteer) throw notFound('志愿者');
  const stationCode = input.stationCode ?? volunteer.stationCode;
  try {
    const [created] = await ServiceHoursModel.insertMany([
      { ...parsed.data, countyCode: volunteer.countyCode, stationCode, month: parsed.data.date.slice(0, 7) },
    ]);
    return (created as unknown as { toObject(): ServiceHoursDoc }).toObject();
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) throw new AppError(409, 'hours_recorded', '该任务当天的服务时长已登记');
    throw err;
  }
}

/** A total of hours under a key (volunteer id, month or station code). */
export interface HoursTotal {
  key: string;
  hours: number;
  entries: number;
}

/** Totals of service hours per volunteer, month or station within a scope ($match + $group, one sum at a time). */
export async function hoursTotals(
  scope: StationScope,
  opts: { by: 'volunteer' | 'month' | 'station'; month?: string; volunteerId?: string },
): Promise<HoursTotal[]> {
  const match: Record<string, unknown> = { ...scopeFilter(scope) };
  if (opts.month) match.month = opts.month;
  if (opts.volunteerId) match.volunteerId = opts.volunteerId;
  const key = { volunteer: '$volunteerId', month: '$month', station: '$stationCode' }[opts.by];
  return totals(match, key);
}

async function totals(match: Record<string, unknown>, key: string): Promise<HoursTotal[]> {
  const sums = await groupSums(ServiceHoursModel, match, key, { hours: '$hours', entries: 1 });
  return [...sums.entries()]
    .map(([k, v]) => ({ key: k, hours: v.hours, entries: v.entries }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Totals of one volunteer's hours per month, across stations (their own view). */
export async function volunteerHoursByMonth(volunteerId: string): Promise<HoursTotal[]> {
  return totals({ volunteerId }, '$month');
}
