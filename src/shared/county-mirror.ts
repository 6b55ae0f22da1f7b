/**
 * An in-memory copy of one collection, per county, for the reads a busy board makes many times a second.
 *
 * Why: FerretDB 1.x answers any filter but `{_id}` by decoding the whole collection in Go (~70 µs per
 * record), so every board list, count or refusal lookup was a scan, and twenty coordinators' boards kept
 * the database busy for everyone's writes. The mirror scans a county ONCE (concurrent first readers
 * share that load) and is then kept current record by record:
 *
 * - `put(doc)` / `changed(id)` on this process's write path, before the answer goes out
 *   (read-your-writes): the repository hands over the record its write returned, or the record is
 *   re-read by `_id` alone (the index, ~1 ms);
 * - the same from other instances' domain events (src/live/foreign-writes.ts);
 * - `invalidate(countyCode)` / `invalidateAll()` after a bulk write whose records are not named one by
 *   one: the next read waits for a fresh load (this process's own bulk write must be seen);
 * - `refresh(countyCode)`: a reload built beside the copy in use and swapped in, readers never wait for
 *   it (another instance's bulk write, and the periodic safety reload of `startMirrorReloads`, which
 *   logs a warning when it finds records that no write or event had brought).
 *
 * Concurrent updates of one record are ordered by (revision, updatedAt): an older read landing late
 * never replaces a newer one. Records changed while a load runs are re-read before it is swapped in
 * (the scan may have read them before the change).
 */
import type { Logger } from '../logger.js';
import { logFailure } from './log-failure.js';

/** What a mirrored record must carry: its id, its county, and what orders two versions of it. */
export interface MirroredRecord {
  _id: unknown;
  countyCode: string;
  revision?: number;
  updatedAt?: Date;
}

/** Where a mirror reads from (the repository that owns the collection). */
export interface MirrorSource<T> {
  /** Every record of a county: one scan, run only to load or reload a county. */
  loadCounty(countyCode: string): Promise<T[]>;
  /** One record by `_id` alone (the index), or null when it is gone. */
  loadOne(id: string): Promise<T | null>;
}

/** Counters for tests and the bench. */
export interface MirrorStats {
  loads: number;
  reloads: number;
  rereads: number;
  /** Records the last safety reload found different from the copy in use. */
  lastDrift: number;
}

interface CountyCopy<T> {
  docs?: Map<string, T>;
  /** A load under way, and the invalidation generation it started at. */
  building?: { generation: number; promise: Promise<Map<string, T>> };
  /** Ids changed while `building` runs: re-read before it is swapped in. */
  touched?: Set<string>;
  /** Bumped by `invalidate`: a load started before it does not show the bulk write. */
  generation: number;
  /** Readers wait for a load of at least this generation (set by this process's own bulk write). */
  mustSee: number;
}

const time = (d: unknown): number => (d instanceof Date ? d.getTime() : typeof d === 'string' ? Date.parse(d) : 0);

/** Whether `incoming` is not older than `current` (revision first, then the last change). */
export function notOlder(incoming: MirroredRecord, current: MirroredRecord): boolean {
  const a = incoming.revision ?? 0;
  const b = current.revision ?? 0;
  if (a !== b) return a > b;
  return time(incoming.updatedAt) >= time(current.updatedAt);
}

/** What the periodic safety reload needs of a mirror, whatever its record type. */
interface ReloadableMirror {
  readonly name: string;
  read(countyCode: string): Promise<unknown>;
  loadedCounties(): string[];
  refresh(countyCode: string): Promise<number>;
}

/** Every mirror of the process, for the periodic safety reload. */
const mirrors = new Set<ReloadableMirror>();

export class CountyMirror<T extends MirroredRecord> {
  private readonly counties = new Map<string, CountyCopy<T>>();
  readonly stats: MirrorStats = { loads: 0, reloads: 0, rereads: 0, lastDrift: 0 };

  constructor(
    /** Name in logs ("needs", "assignments"). */
    readonly name: string,
    private readonly source: MirrorSource<T>,
  ) {
    mirrors.add(this);
  }

  /** The county's records by id, loading the county on first use. Treat as read-only. */
  async read(countyCode: string): Promise<ReadonlyMap<string, T>> {
    const copy = this.copyOf(countyCode);
    if (copy.docs && copy.mustSee === 0) return copy.docs;
    return this.build(countyCode, copy);
  }

  /** The county's records as a list (a snapshot of the copy in use). */
  async list(countyCode: string): Promise<T[]> {
    return [...(await this.read(countyCode)).values()];
  }

  /** Counties held now. */
  loadedCounties(): string[] {
    return [...this.counties.entries()].filter(([, c]) => c.docs).map(([code]) => code);
  }

  /** A record as this process just wrote it (the write's own answer): replaces an older copy. */
  put(doc: T): void {
    const copy = this.counties.get(doc.countyCode);
    if (!copy) return; // not held: the first load reads it
    const id = String(doc._id);
    copy.touched?.add(id);
    if (copy.docs) this.apply(copy.docs, id, doc);
  }

  /**
   * A record changed (this process or another instance): re-read by `_id` alone and replaced, or removed
   * when gone. Its county is the one the record names.
   */
  async changed(id: string): Promise<void> {
    if (this.counties.size === 0) return; // nothing held: the first load reads it
    for (const copy of this.counties.values()) copy.touched?.add(id); // a load under way re-reads it
    this.stats.rereads++;
    const doc = await this.source.loadOne(id);
    if (!doc) return this.removed([id]);
    // The copy in use when the read returns (a reload may have been swapped in meanwhile).
    const docs = this.counties.get(doc.countyCode)?.docs;
    if (docs) this.apply(docs, id, doc);
  }

  /** Records deleted by id (their county may be unknown): removed from every county held. */
  removed(ids: readonly string[]): void {
    for (const copy of this.counties.values()) {
      for (const id of ids) {
        copy.touched?.add(id);
        copy.docs?.delete(id);
      }
    }
  }

  /** This process wrote records of the county in bulk: the next read waits for a fresh load. */
  invalidate(countyCode: string): void {
    const copy = this.counties.get(countyCode);
    if (!copy) return;
    copy.generation++;
    copy.mustSee = copy.generation;
  }

  /** A bulk write whose counties are unknown (a filter of ids): every county held is invalidated. */
  invalidateAll(): void {
    for (const code of this.counties.keys()) this.invalidate(code);
  }

  /**
   * Reloads a held county beside the copy in use and swaps it in; readers keep the old copy meanwhile.
   * Resolves to the number of records the reload found different (missed by writes and events).
   */
  async refresh(countyCode: string): Promise<number> {
    const copy = this.counties.get(countyCode);
    if (!copy?.docs) return 0;
    const before = copy.docs;
    const after = await this.build(countyCode, copy);
    this.stats.reloads++;
    const drift = differing(before, after);
    this.stats.lastDrift = drift;
    return drift;
  }

  private copyOf(countyCode: string): CountyCopy<T> {
    let copy = this.counties.get(countyCode);
    if (!copy) this.counties.set(countyCode, (copy = { generation: 0, mustSee: 0 }));
    return copy;
  }

  private apply(docs: Map<string, T>, id: string, doc: T | null): void {
    if (!doc) {
      docs.delete(id);
      return;
    }
    const current = docs.get(id);
    if (!current || notOlder(doc, current)) docs.set(id, doc);
  }

  /** Loads the county (or joins the load under way when it is recent enough) and swaps it in. */
  private build(countyCode: string, copy: CountyCopy<T>): Promise<Map<string, T>> {
    const running = copy.building;
    if (running && running.generation >= copy.mustSee) return running.promise;
    // A load that started before this process's bulk write cannot show it: another one follows it.
    if (running) return running.promise.catch(() => undefined).then(() => this.build(countyCode, copy));
    const generation = copy.generation;
    const touched = new Set<string>();
    copy.touched = touched;
    const promise = (async () => {
      const rows = await this.source.loadCounty(countyCode);
      this.stats.loads++;
      const docs = new Map<string, T>(rows.map((r) => [String(r._id), r]));
      // Records changed while the scan ran: it may have read them before the change.
      while (touched.size) {
        const ids = [...touched];
        touched.clear();
        const fresh = await Promise.all(ids.map((id) => this.source.loadOne(id)));
        ids.forEach((id, i) => this.apply(docs, id, fresh[i] ?? null));
      }
      // Swapped in with no await since the last re-read, so no change falls between the two.
      copy.docs = docs;
      copy.touched = undefined;
      copy.building = undefined;
      if (copy.mustSee <= generation) copy.mustSee = 0;
      return docs;
    })();
    copy.building = { generation, promise };
    promise.catch(() => {
      if (copy.building?.promise === promise) {
        copy.building = undefined;
        copy.touched = undefined;
      }
    });
    return promise;
  }
}

/** How many records differ between two copies of a county (present in one only, or another version). */
function differing<T extends MirroredRecord>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): number {
  let n = 0;
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y || (x.revision ?? 0) !== (y.revision ?? 0) || time(x.updatedAt) !== time(y.updatedAt)) n++;
  }
  for (const id of b.keys()) if (!a.has(id)) n++;
  return n;
}

/**
 * Loads the given counties into every mirror, one at a time (start-up, off the request path): the first
 * board of a 20,000-need county then does not wait seconds for the scan.
 */
export async function warmMirrors(countyCodes: readonly string[]): Promise<number> {
  let loaded = 0;
  for (const countyCode of countyCodes) {
    for (const mirror of mirrors) {
      await mirror.read(countyCode);
      loaded++;
    }
  }
  return loaded;
}

/**
 * Reloads every county of every mirror every `everyMs`, off the request path (a safety net for a write
 * no event announced); logs a warning with the number of records that differed. Returns the stop.
 */
export function startMirrorReloads(everyMs: number, log: Logger): () => void {
  if (everyMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      for (const mirror of mirrors) {
        for (const countyCode of mirror.loadedCounties()) {
          const drift = await mirror
            .refresh(countyCode)
            .catch(logFailure('reloading a county mirror', { mirror: mirror.name, countyCode }, log));
          if (drift)
            log.warn(
              { mirror: mirror.name, countyCode, differing: drift },
              'county mirror reload found changes no write or event had brought',
            );
        }
      }
    })().finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
