/** China Standard Time is UTC+8 all year: stations count days and months in it. */
const CST_OFFSET_MS = 8 * 3_600_000;

/** The month (YYYY-MM) of an instant in China time: what monthly capacity and visit rates count in. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 7);
}

/** The calendar day (YYYY-MM-DD) of an instant in China time. */
export function dayOf(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
