/**
 * For best-effort steps (a greeting, a background token refresh): the page carries on, but the failure
 * leaves a trace in the browser console saying what was attempted. Use it instead of `.catch(() => undefined)`.
 */
export function logFailure(what: string): (err: unknown) => void {
  return (err) => console.warn(`[console] ${what} failed`, err);
}
