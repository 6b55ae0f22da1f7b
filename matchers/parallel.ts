import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { allocateFromLists, type AllocationResult, type Choice } from './allocate.js';
import type { MatchingRules } from './config.js';
import { NeedSchema, PoolSchema, type Need, type Pool, type TaggedCandidate } from './types.js';

/** A pool indexed in several worker threads, for county-wide batch re-matching on all cores. */
export interface ParallelMatcher {
  /** Rank every need in the workers, then allocate on this thread (same result as allocate()). */
  allocate(needs: readonly (Need | unknown)[], opts?: { perNeed?: number; improve?: boolean }): Promise<AllocationResult>;
  /** Stop the workers. */
  close(): Promise<void>;
}

type Reply =
  { type: 'ready' } | { type: 'scored'; id: number; lists: [number, number, number][][] } | { type: 'error'; id: number; message: string };

/**
 * Start `workers` threads (default: available cores), each building its own index of the pool (index
 * structures are not shareable between isolates). Ranking is CPU-bound and independent per need, so it is
 * split across the workers; the allocation (capacities are shared) runs on the caller's thread.
 * Like buildIndex, do this once per pool and reuse the matcher.
 */
export async function createParallelMatcher(
  poolInput: Pool | unknown,
  rules: MatchingRules,
  now: Date | string | number,
  opts: { workers?: number } = {},
): Promise<ParallelMatcher> {
  const pool = PoolSchema.parse(poolInput);
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime();
  const n = Math.max(1, opts.workers ?? os.availableParallelism());
  // Under tsx (development, tests) the worker is TypeScript and needs the tsx loader; compiled, it is .js.
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './parallel-worker.ts' : './parallel-worker.js', import.meta.url);
  // A worker does not inherit tsx's loader hooks, so a TypeScript worker first registers them itself.
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  const workers = Array.from({ length: n }, () => (isTs ? new Worker(bootstrap, { eval: true }) : new Worker(url)));
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.once('message', (m: Reply) => (m.type === 'ready' ? resolve() : reject(new Error('worker failed to start'))));
          w.postMessage({ type: 'init', pool, rules, now: nowMs });
        }),
    ),
  );
  for (const w of workers) {
    w.on('message', (m: Reply) => {
      if (m.type === 'ready') return;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    });
  }
  const call = (w: Worker, needs: Need[], perNeed: number) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ type: 'score', id, needs, perNeed });
    });
  const itemOf = (kind: number, idx: number): TaggedCandidate => {
    // Workers index the same pool, so a position they name exists; anything else is a bug worth a loud failure.
    if (kind === 0) {
      const item = pool.volunteers[idx];
      if (item) return { kind: 'volunteer', item };
    } else if (kind === 1) {
      const item = pool.organisations[idx];
      if (item) return { kind: 'organisation', item };
    } else {
      const item = pool.resources[idx];
      if (item) return { kind: 'resource', item };
    }
    throw new Error(`parallel matcher: a worker named candidate ${kind}/${idx}, which the pool does not have`);
  };

  return {
    async allocate(needsInput, o = {}) {
      const needs = needsInput.map((x) => NeedSchema.parse(x));
      const perNeed = o.perNeed ?? 5;
      // Contiguous slices, one per worker: ranking costs about the same per need.
      const size = Math.ceil(needs.length / n);
      const replies = await Promise.all(workers.map((w, k) => call(w, needs.slice(k * size, (k + 1) * size), perNeed)));
      const lists: Choice[][] = [];
      for (const r of replies) {
        if (r.type !== 'scored') throw new Error('unexpected worker reply');
        for (const l of r.lists) lists.push(l.map(([kind, idx, score]) => ({ item: itemOf(kind, idx), idx, score })));
      }
      return allocateFromLists(needs, lists, o);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
