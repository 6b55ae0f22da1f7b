import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { allocate } from '../matchers/allocate.js';
import { buildIndex } from '../matchers/candidates.js';
import { defaultRules } from '../matchers/config.js';
import { generateProvince } from './dataset.js';

// Wall times only: process.cpuUsage() is process-wide (Node 20 has no per-thread figure); the main thread reports the total.

/** One worker's share of the province bench: counties k ≡ part (mod parts), indexed and held, then re-matched. */
interface Job {
  part: number;
  parts: number;
  counties: number;
  needs: number;
  candidates: number;
}

const job = workerData as Job;
const mine = generateProvince({ seed: 42, ...job, only: (k) => k % job.parts === job.part });
let t0 = performance.now();
const indexes = mine.map((c) => buildIndex(c.pool, defaultRules, c.now));
const buildMs = performance.now() - t0;
t0 = performance.now();
let assigned = 0;
let unassigned = 0;
let totalScore = 0;
mine.forEach((c, k) => {
  const index = indexes[k];
  if (!index) return;
  const r = allocate(index, c.needs);
  assigned += r.assignments.length;
  unassigned += r.unassigned.length;
  totalScore += r.totalScore;
});
const rematchMs = performance.now() - t0;
parentPort?.postMessage({
  counties: mine.length,
  needs: mine.reduce((s, c) => s + c.needs.length, 0),
  candidates: indexes.reduce((s, i) => s + i.size, 0),
  buildMs,
  rematchMs,
  assigned,
  unassigned,
  totalScore,
});
// Hold the indexes until the main thread ends the worker, so peak memory counts every county at once.
parentPort?.on('message', () => process.exit(0));
