import type { Window } from './types.js';

const MINUTES_PER_DAY = 24 * 60;

/** Minutes since midnight of a "HH:MM" string ("24:00" → 1440). */
export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** A window as [start, end) minutes of the week, Sunday 00:00 = 0. */
export type WeekInterval = readonly [number, number];

/** Convert windows to sorted, merged week intervals so overlap is a linear merge. */
export function toWeekIntervals(windows: readonly Window[]): WeekInterval[] {
  const raw = windows
    .map((w): [number, number] => [w.day * MINUTES_PER_DAY + toMinutes(w.start), w.day * MINUTES_PER_DAY + toMinutes(w.end)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const iv of raw) {
    const last = out[out.length - 1];
    // Merging only on strict overlap keeps touching windows distinct; harmless either way for overlap minutes.
    if (last && iv[0] < last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push([iv[0], iv[1]]);
  }
  return out;
}

/** Minutes shared by two sorted interval lists; windows that only touch share 0 minutes. */
export function overlapMinutes(a: readonly WeekInterval[], b: readonly WeekInterval[]): number {
  let i = 0;
  let j = 0;
  let total = 0;
  for (let x = a[i], y = b[j]; x && y; x = a[i], y = b[j]) {
    const s = Math.max(x[0], y[0]);
    const e = Math.min(x[1], y[1]);
    if (e > s) total += e - s;
    if (x[1] < y[1]) i++;
    else j++;
  }
  return total;
}

/** Total minutes covered by an interval list. */
export function totalMinutes(a: readonly WeekInterval[]): number {
  let t = 0;
  for (const [s, e] of a) t += e - s;
  return t;
}

/** True when two windows share at least one minute (touching windows do not overlap). */
export function windowsOverlap(a: Window, b: Window): boolean {
  return overlapMinutes(toWeekIntervals([a]), toWeekIntervals([b])) > 0;
}

/** Share of the need's windows (by minutes) that the availability covers, in [0,1]. */
export function coverageRatio(need: readonly WeekInterval[], availability: readonly WeekInterval[]): number {
  const total = totalMinutes(need);
  if (total === 0) return 1;
  return Math.min(1, overlapMinutes(need, availability) / total);
}

/** Minute of the week (Sunday 00:00 = 0) of an instant, in local time at the given UTC offset. */
export function minuteOfWeek(nowMs: number, tzOffsetMinutes: number): number {
  const local = new Date(nowMs + tzOffsetMinutes * 60_000);
  return local.getUTCDay() * MINUTES_PER_DAY + local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** True when some interval starts or is running within the next `horizonMinutes` after minute-of-week `from`. */
export function availableWithin(intervals: readonly WeekInterval[], from: number, horizonMinutes: number): boolean {
  const week = 7 * MINUTES_PER_DAY;
  const end = from + horizonMinutes;
  for (const [s, e] of intervals) {
    // Check this week's and next week's occurrence so a horizon crossing Saturday→Sunday works.
    for (const shift of [0, week]) {
      if (s + shift < end && e + shift > from) return true;
    }
  }
  return false;
}

/** Hour slots of the week (7 × 24) packed in 6 words: bit set when the intervals touch that hour by at least a minute. */
export function hourMask(intervals: readonly WeekInterval[], out: Uint32Array = new Uint32Array(6), at = 0): Uint32Array {
  for (const [s, e] of intervals) {
    // h < 168 keeps at + (h >> 5) within the six words of this candidate.
    for (let h = Math.floor(s / 60); h * 60 < e && h < 168; h++) out[at + (h >> 5)]! |= 1 << (h & 31);
  }
  return out;
}

/** Minutes of the intervals falling in each hour slot that has any (the time-slot side of availability bounds). */
export function minutesPerHour(intervals: readonly WeekInterval[]): { hour: number; minutes: number }[] {
  const per = new Map<number, number>();
  for (const [s, e] of intervals) {
    for (let h = Math.floor(s / 60); h * 60 < e && h < 168; h++) {
      const m = Math.min(e, (h + 1) * 60) - Math.max(s, h * 60);
      if (m > 0) per.set(h, (per.get(h) ?? 0) + m);
    }
  }
  return [...per.entries()].sort((a, b) => a[0] - b[0]).map(([hour, minutes]) => ({ hour, minutes }));
}
