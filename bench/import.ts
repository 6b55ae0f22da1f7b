/**
 * Import benchmark: a 20,000-row 问卷星-style CSV (synthetic people) through upload → dry run → commit
 * on a real database (FerretDB started here unless MONGODB_URI is set). Reports rows/s of each phase,
 * where the commit's time goes (CPU of this process and of the database processes, per row and per
 * document written), the documents and round trips per row by collection, and peak RSS.
 * `IMPORT_BENCH_ROWS` changes the row count, `IMPORT_BENCH_BATCH_ROWS` the rows written per batch; `IMPORT_BENCH_LAYOUTS=sqlite,postgresql` runs the commit on
 * each storage side by side (figures of every layout after the first carry its name as a prefix);
 * otherwise the layout is FERRETDB_BACKEND's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import mongoose from 'mongoose';
import type { Actor } from '../src/auth/actor.js';
import { newTiming, withTiming } from '../src/http/server-timing.js';
import { commitImport, dryRun } from '../src/imports/run.js';
import { receiveUpload } from '../src/imports/upload.js';
import { writeLargeQuestionnaireCsv } from '../test/fixtures/generate.js';
import { layoutFromEnv, withBenchDatabase, type BenchDatabase, type BenchLayout } from './database.js';
import { peakRssMB, processGroupCpuMs } from './process-cpu.js';

const admin: Actor = { userId: 'bench', sessionId: 'bench', role: 'admin', countyCode: '620723', displayName: '基准测试' };
const scope = { kind: 'county', countyCode: '620723' } as const;

type Figures = Record<string, number | string>;

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Documents each write command of the client carries, by command and collection ("insert needs"), while
 * counting: what the commit writes per row, read off the wire (no count query on the server).
 */
function countWrittenDocuments(): { byTarget: Map<string, number>; stop(): void } {
  const client = mongoose.connection.getClient();
  const byTarget = new Map<string, number>();
  const listener = (e: CommandStartedEvent) => {
    const c = e.command as { documents?: unknown[]; updates?: unknown[]; deletes?: unknown[] };
    const n = { insert: c.documents?.length, update: c.updates?.length, delete: c.deletes?.length }[e.commandName];
    const coll: unknown = e.command[e.commandName];
    if (n !== undefined && typeof coll === 'string')
      byTarget.set(`${e.commandName} ${coll}`, (byTarget.get(`${e.commandName} ${coll}`) ?? 0) + n);
  };
  client.on('commandStarted', listener);
  return { byTarget, stop: () => client.off('commandStarted', listener) };
}

function dbCpuMs(pids: BenchDatabase['pids']): number {
  return (pids.ferretdb ? processGroupCpuMs(pids.ferretdb) : 0) + (pids.postgres ? processGroupCpuMs(pids.postgres) : 0);
}

/** One 20k-row import on one storage layout. */
async function importOnce(layout: BenchLayout, rows: number, batchRows: number | undefined): Promise<Figures> {
  return withBenchDatabase(
    'import',
    async ({ dir, pids, layout: used }) => {
      const file = path.join(dir, 'questionnaire-20k.csv');
      const { bytes } = await writeLargeQuestionnaireCsv(file, rows, 20240305);

      let t = performance.now();
      const job = await receiveUpload({ scope, actor: admin, body: fs.createReadStream(file), filename: 'questionnaire-20k.csv' });
      const uploadMs = performance.now() - t;
      t = performance.now();
      const check = await dryRun(scope, String(job._id));
      const dryRunMs = performance.now() - t;

      const rssBeforeCommitMB = round(process.resourceUsage().maxRSS / 1024);
      const timing = newTiming();
      const written = countWrittenDocuments();
      const nodeCpu = process.cpuUsage();
      const dbCpu = dbCpuMs(pids);
      t = performance.now();
      const done = await withTiming(() => commitImport({ scope, actor: admin, id: String(job._id), wait: true, batchRows }), timing);
      const commitMs = performance.now() - t;
      const cpu = process.cpuUsage(nodeCpu);
      const commitNodeCpuMs = (cpu.user + cpu.system) / 1000;
      const commitDbCpuMs = dbCpuMs(pids) - dbCpu;
      written.stop();

      const perRow: Figures = {};
      let docs = 0;
      for (const [target, n] of [...written.byTarget].sort()) {
        docs += n;
        perRow[`docsPerRow.${target}`] = round(n / done.rowsDone, 3);
      }
      // Round trips of the commit by command and collection ("insert needs"), per 1,000 rows.
      const trips: Figures = {};
      for (const [command, e] of [...timing.dbByCommand].sort((a, b) => b[1].count - a[1].count))
        trips[`tripsPer1kRows.${command}`] = round((e.count * 1000) / done.rowsDone, 1);
      return {
        layout: used,
        rows,
        fileMB: round(bytes / 1024 / 1024, 1),
        uploadMs: round(uploadMs),
        dryRunRowsPerSec: round(check.totalRows / (dryRunMs / 1000)),
        commitRowsPerSec: round(done.rowsDone / (commitMs / 1000)),
        commitSeconds: round(commitMs / 1000, 1),
        validRows: done.counts.valid,
        needsCreated: done.counts.needsCreated,
        householdsCreated: done.counts.householdsCreated,
        docsPerRow: round(docs / done.rowsDone, 3),
        ...perRow,
        ...trips,
        // Where the commit's time went: this process (reading, checking, building and encoding documents)
        // and the database processes (decoding, storing, indexes, commits), per row and per document.
        commitNodeCpuUsPerRow: round((commitNodeCpuMs * 1000) / done.rowsDone),
        commitDbCpuUsPerRow: round((commitDbCpuMs * 1000) / done.rowsDone),
        commitDbCpuUsPerDoc: round((commitDbCpuMs * 1000) / docs),
        // Share of the wall time the database processes were busy (1 = one core all along).
        commitDbCores: round(commitDbCpuMs / commitMs, 2),
        commitNodeCores: round(commitNodeCpuMs / commitMs, 2),
        // Time the commit's round trips took, summed, over its wall time (above 1: round trips overlapped).
        commitRoundTripShare: round(timing.db.ms / commitMs, 2),
        rssBeforeCommitMB,
        dbPeakRssMB: pids.ferretdb ? peakRssMB(pids.ferretdb) : 0,
      };
    },
    layout,
  );
}

/** Runs the 20k-row import benchmark and returns its figures. */
export async function runImportBench(): Promise<Figures> {
  const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 20_000);
  // Rows per written batch; the service's BATCH_ROWS unless set (to compare batch sizes).
  const batchRows = process.env.IMPORT_BENCH_BATCH_ROWS ? Number(process.env.IMPORT_BENCH_BATCH_ROWS) : undefined;
  const layouts = (process.env.IMPORT_BENCH_LAYOUTS?.split(',') ?? [layoutFromEnv()]).map((l) => (l === 'postgresql' ? l : 'sqlite'));
  const figures: Figures = {};
  for (const [i, layout] of layouts.entries()) {
    for (const [k, v] of Object.entries(await importOnce(layout, rows, batchRows))) figures[i === 0 ? k : `${layout}.${k}`] = v;
  }
  // The process's peak over every layout run (the first run's peak is its own).
  figures.peakRssMB = round(process.resourceUsage().maxRSS / 1024);
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await runImportBench()) + '\n');
}
