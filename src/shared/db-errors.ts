/**
 * Recognising database errors by meaning rather than by number, so the rest of the code never
 * compares driver error codes inline.
 */

/** E11000: an insert or update broke a unique index. Single-winner writes (claims, ledgers, leases) rely on it. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
