/**
 * A short per-process memory of sessions found live, so an authenticated request does not read its
 * session on every call (one database round trip of every action). Only "live" is remembered, and only
 * for `ttlMs`: a session ended on THIS instance is forgotten at once by the Auth service (logout,
 * sign-out everywhere, password change or reset, refresh rotation and reuse), and one ended on another
 * instance is seen here at the latest `ttlMs` later, when the entry has expired and the session is read again.
 */
export class LiveSessionCache {
  private readonly liveUntil = new Map<string, number>();
  /**
   * Counts forgets: a read that started before a session ended here may still answer "live" after
   * the forget, so it is remembered only when no forget happened since it started.
   */
  private forgets = 0;

  constructor(
    /** How long a "live" answer is trusted without reading again (other instances' revocations show after this at most). */
    private readonly ttlMs = 1_000,
    /** Entries kept at most: beyond it the oldest go first (a Map iterates in insertion order). */
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the session was found live less than `ttlMs` ago. */
  has(sessionId: string): boolean {
    const until = this.liveUntil.get(sessionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.liveUntil.delete(sessionId);
    return false;
  }

  /** The mark to take before reading a session, for `remember`. */
  mark(): number {
    return this.forgets;
  }

  /** Remembers that the session was read live by a read that started at `mark`. */
  remember(sessionId: string, mark: number): void {
    if (mark !== this.forgets) return;
    // Re-inserted so the Map's order stays oldest-first for eviction.
    this.liveUntil.delete(sessionId);
    this.liveUntil.set(sessionId, this.now() + this.ttlMs);
    while (this.liveUntil.size > this.maxEntries) {
      const oldest = this.liveUntil.keys().next().value;
      if (oldest === undefined) break;
      this.liveUntil.delete(oldest);
    }
  }

  /** Forgets sessions that just ended here, synchronously: their next request reads (and is refused). */
  forget(sessionIds: Iterable<string>): void {
    this.forgets++;
    for (const id of sessionIds) this.liveUntil.delete(id);
  }
}
