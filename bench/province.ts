import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { allocate } from '../matchers/allocate.js';
import { buildIndex, type MatchIndex } from '../matchers/candidates.js';
import { defaultRules } from '../matchers/config.js';
import { generateProvince } from './dataset.js';

/*
 * Province scale: one process holds the indexes of every county of a province at once and re-matches
 * all open needs, allocation included. Candidates are county-local (a need's candidates come from its
 * county's pool), so the province is a set of county indexes; this is also the unit of partitioning
 * across instances (matchers/README.md, "Province scale").
 */

const r2 = (x: number) => Math.round(x * 100) / 100;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

interface Share {
  counties: number;
  needs: number;
  candidates: number;
  buildMs: number;
  rematchMs: number;
  assigned: number;
  unassigned: number;
  totalScore: number;
}

/** The province split over worker threads of this one process (counties k ≡ w mod workers). */
async function inWorkers(workers: number, sizes: { counties: number; needs: number; candidates: number }, sample: () => void) {
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './province-worker.ts' : './province-worker.js', import.meta.url);
  // A worker does not inherit tsx's loader hooks, so a TypeScript worker first registers them itself.
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  const threads = Array.from({ length: workers }, (_, part) => {
    const data = { part, parts: workers, ...sizes };
    return isTs ? new Worker(bootstrap, { eval: true, workerData: data }) : new Worker(url, { workerData: data });
  });
  const shares = await Promise.all(
    threads.map(
      (w) =>
        new Promise<Share>((resolve, reject) => {
          w.once('message', (m: Share) => resolve(m));
          w.once('error', reject);
        }),
    ),
  );
  sample(); // every worker still holds its counties' indexes here
  await Promise.all(threads.map((w) => w.terminate()));
  return shares;
}

/** `npm run bench -- --only province` (PROVINCE_NEEDS / PROVINCE_CANDIDATES / PROVINCE_COUNTIES override the size; PROVINCE_WORKERS=1 runs in this thread). */
export async function runProvinceBench(): Promise<Record<string, number | string>> {
  const needs = Number(process.env.PROVINCE_NEEDS ?? 100_000);
  const candidates = Number(process.env.PROVINCE_CANDIDATES ?? 100_000);
  const counties = Number(process.env.PROVINCE_COUNTIES ?? 86);
  const [loadAverage = NaN] = os.loadavg();
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const timer = setInterval(sample, 50);
  const workers = Number(process.env.PROVINCE_WORKERS ?? os.cpus().length);
  if (workers > 1) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const shares = await inWorkers(workers, { counties, needs, candidates }, sample);
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(process.cpuUsage(c0));
    clearInterval(timer);
    const sum = (f: (s: Share) => number) => shares.reduce((a, s) => a + f(s), 0);
    return {
      workers,
      counties: sum((s) => s.counties),
      needs: sum((s) => s.needs),
      candidates: sum((s) => s.candidates),
      generateBuildRematchMs: r2(wallMs),
      generateBuildRematchCpuMs: r2(cpu),
      slowestWorkerBuildMs: r2(Math.max(...shares.map((s) => s.buildMs))),
      slowestWorkerRematchMs: r2(Math.max(...shares.map((s) => s.rematchMs))),
      buildPlusRematchMs: r2(Math.max(...shares.map((s) => s.buildMs + s.rematchMs))),
      targetMs: 25_000,
      assigned: sum((s) => s.assigned),
      unassigned: sum((s) => s.unassigned),
      totalScore: r2(sum((s) => s.totalScore)),
      peakRssMB: r2(peakRss / 2 ** 20),
      targetRssMB: 3072,
      loadAverageAtStart: r2(loadAverage),
      cpus: os.cpus().length,
    };
  }

  let t0 = performance.now();
  const province = generateProvince({ seed: 42, counties, needs, candidates });
  const generateMs = performance.now() - t0;
  sample();

  // Hold every county's index at once (what one instance serving the province keeps in memory).
  t0 = performance.now();
  let c0 = process.cpuUsage();
  const indexes: MatchIndex[] = [];
  for (const c of province) {
    indexes.push(buildIndex(c.pool, defaultRules, c.now));
    sample();
  }
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(process.cpuUsage(c0));

  t0 = performance.now();
  c0 = process.cpuUsage();
  let assigned = 0;
  let unassigned = 0;
  let totalScore = 0;
  province.forEach((c, k) => {
    const index = indexes[k];
    if (!index) return;
    const r = allocate(index, c.needs);
    assigned += r.assignments.length;
    unassigned += r.unassigned.length;
    totalScore += r.totalScore;
    sample();
  });
  const rematchMs = performance.now() - t0;
  const rematchCpuMs = cpuMs(process.cpuUsage(c0));
  clearInterval(timer);
  sample();
  const heldCandidates = indexes.reduce((s, i) => s + i.size, 0);

  return {
    workers: 1,
    counties,
    needs: province.reduce((s, c) => s + c.needs.length, 0),
    candidates: heldCandidates,
    generateMs: r2(generateMs),
    indexBuildMs: r2(buildMs),
    indexBuildCpuMs: r2(buildCpuMs),
    rematchWithAllocationMs: r2(rematchMs),
    rematchWithAllocationCpuMs: r2(rematchCpuMs),
    buildPlusRematchMs: r2(buildMs + rematchMs),
    buildPlusRematchCpuMs: r2(buildCpuMs + rematchCpuMs),
    targetMs: 25_000,
    assigned,
    unassigned,
    totalScore: r2(totalScore),
    peakRssMB: r2(peakRss / 2 ** 20),
    targetRssMB: 3072,
    loadAverageAtStart: r2(loadAverage),
    cpus: os.cpus().length,
  };
}
