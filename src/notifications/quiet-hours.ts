/** Quiet hours are read on the China clock (UTC+8 all year), whatever the server's time zone. */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A daily window "HH:MM"–"HH:MM" in China time; it may wrap midnight (22:00–07:00). */
export interface QuietHours {
  start: string;
  end: string;
}

/** The default: no SMS at night. */
export const DEFAULT_QUIET_HOURS: QuietHours = { start: '22:00', end: '07:00' };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since midnight China time. */
function chinaMinutes(at: Date): number {
  return Math.floor(((at.getTime() + CST_OFFSET_MS) % DAY_MS) / 60_000);
}

/** Whether `at` falls inside the window (start inclusive, end exclusive). An empty window is never quiet. */
export function isQuiet(at: Date, window: QuietHours): boolean {
  const m = chinaMinutes(at);
  const s = minutesOf(window.start);
  const e = minutesOf(window.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The next instant, after `at`, at which the China clock shows `hhmm`. */
export function nextChinaTime(at: Date, hhmm: string): Date {
  const local = at.getTime() + CST_OFFSET_MS;
  const midnight = local - (local % DAY_MS);
  let candidate = midnight + minutesOf(hhmm) * 60_000;
  if (candidate <= local) candidate += DAY_MS;
  return new Date(candidate - CST_OFFSET_MS);
}
