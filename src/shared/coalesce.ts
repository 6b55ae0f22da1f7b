/**
 * Shares one in-flight read among identical concurrent requests: on a busy morning many coordinators of
 * a station load the same board at once, and on FerretDB each such list is a scan of the collection.
 * Nothing is kept after the read settles (no staleness beyond "joined a read already under way"), and
 * `invalidate(group)` stops later requests from joining a read that started before a change of that
 * group (a station's needs changed): they start a fresh one.
 */
export class Coalescer {
  // Each key is one kind of read (its caller's type V); the map only holds what is under way.
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly generations = new Map<string, number>();

  /** The result of `load` for `key`, shared with any identical read of `group` already under way. */
  run<V>(group: string, key: string, load: () => Promise<V>): Promise<V> {
    const full = `${group}\u0000${this.generations.get(group) ?? 0}\u0000${key}`;
    const running = this.inFlight.get(full);
    if (running) return running as Promise<V>;
    const started = load();
    this.inFlight.set(full, started);
    const forget = () => {
      if (this.inFlight.get(full) === started) this.inFlight.delete(full);
    };
    started.then(forget, forget);
    return started;
  }

  /** Reads of `group` started from now on do not join earlier ones. */
  invalidate(group: string): void {
    this.generations.set(group, (this.generations.get(group) ?? 0) + 1);
  }
}
