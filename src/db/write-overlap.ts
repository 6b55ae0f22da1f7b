/**
 * Whether the independent writes of one action go to the database at once or one after the other.
 *
 * FerretDB on SQLite has one writer: a second write arriving while one commits waits in SQLite's busy
 * handler, which sleeps (1 ms, then 2, 5…), so two writes sent at once take LONGER than the same two
 * one after the other (measured: p50 2.2 ms against 1.5 ms; bench/database.ts, issue 15 note). On the
 * PostgreSQL backend (and on MongoDB) concurrent writers proceed side by side, and overlapping saves a
 * round trip per pair. Reads are overlapped in either case. Off (SQLite) unless start-up turns it on.
 */
let overlap = false;

/** Set once at start-up from the database layout (tests and benches may switch it to cover both paths). */
export function setWritesOverlap(on: boolean): void {
  overlap = on;
}

/**
 * Two writes of a pair where each undoes nothing of the other by itself (claims, a move and a record):
 * at once when writes overlap, else `first` then `second`, and `second` only when `first` succeeded (what
 * would have to be undone is not started). Undefined for a step that did not run; the caller undoes what
 * did succeed when the other failed.
 */
export async function writePair<A, B>(
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B> | undefined]> {
  if (overlap) return Promise.allSettled([first(), second()]);
  const a = await settle(first);
  if (a.status === 'rejected') return [a, undefined];
  return [a, await settle(second)];
}

/** Independent best-effort steps (each handles its own failure): at once when writes overlap, else in order. */
export async function writeAll(steps: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
  if (overlap) {
    await Promise.all(steps.map((step) => step()));
    return;
  }
  for (const step of steps) await step();
}

function settle<T>(fn: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  return fn().then(
    (value): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
  );
}
