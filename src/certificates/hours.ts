import { volunteerHoursByMonth } from '../volunteers/hours.js';

/** A volunteer of a county. */
export interface Volunteer {
  countyCode: string;
  volunteerId: string;
}

/**
 * A volunteer's CONFIRMED hours per month. Service hours carry no confirmation flag yet: an entry is
 * written only when an assignment is completed through the workflow (the station sees and can
 * contest it there), so every recorded entry counts as confirmed. This is the one place that decides;
 * when hours gain a confirmation step, filter here and certificates and star levels follow.
 */
export async function confirmedHoursByMonth(volunteer: Volunteer): Promise<Array<{ month: string; hours: number }>> {
  const subject = { kind: 'volunteer' as const, countyCode: volunteer.countyCode, subjectId: volunteer.volunteerId };
  return (await volunteerHoursByMonth(subject)).map((t) => ({ month: t.key, hours: t.hours }));
}

/** Confirmed hours within months from..to (YYYY-MM inclusive), and cumulative to date. */
export async function confirmedHours(volunteer: Volunteer, range?: { from: string; to: string }): Promise<number> {
  const rows = await confirmedHoursByMonth(volunteer);
  const inRange = range ? rows.filter((r) => r.month >= range.from && r.month <= range.to) : rows;
  return Math.round(inRange.reduce((s, r) => s + r.hours, 0) * 10) / 10;
}

/** Star levels of volunteers by cumulative confirmed hours. */
export const STAR_LEVELS = [
  { level: 1, name: '一星', hours: 100 },
  { level: 2, name: '二星', hours: 300 },
  { level: 3, name: '三星', hours: 600 },
  { level: 4, name: '四星', hours: 1000 },
  { level: 5, name: '五星', hours: 1500 },
] as const;

/** The star level of a cumulative total, and what the next level needs. */
export function starLevelOf(hours: number): { level: number; name: string; next: { name: string; hoursToGo: number } | null } {
  const reached = [...STAR_LEVELS].reverse().find((s) => hours >= s.hours);
  const next = STAR_LEVELS.find((s) => hours < s.hours);
  return {
    level: reached?.level ?? 0,
    name: reached?.name ?? '未达星级',
    next: next ? { name: next.name, hoursToGo: Math.round((next.hours - hours) * 10) / 10 } : null,
  };
}
