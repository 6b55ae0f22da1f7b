/**
 * Import benchmark: a 20,000-row 问卷星-style CSV (synthetic people) through upload → dry run → commit
 * on a real database (FerretDB started here unless MONGODB_URI is set). Reports rows/s of each phase
 * and the process's peak RSS. `IMPORT_BENCH_ROWS` changes the row count.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../src/auth/actor.js';
import { commitImport, dryRun } from '../src/imports/run.js';
import { receiveUpload } from '../src/imports/upload.js';
import { writeLargeQuestionnaireCsv } from '../test/fixtures/generate.js';
import { withBenchDatabase } from './database.js';

const admin: Actor = { userId: 'bench', sessionId: 'bench', role: 'admin', countyCode: '620723', displayName: '基准测试' };

/** Runs the 20k-row import benchmark and returns its figures. */
export async function runImportBench(): Promise<Record<string, number | string>> {
  const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 20_000);
  return withBenchDatabase('import', async ({ dir }) => {
    const file = path.join(dir, 'questionnaire-20k.csv');
    const { bytes } = await writeLargeQuestionnaireCsv(file, rows, 20240305);

    let t = performance.now();
    const job = await receiveUpload({
      scope: { kind: 'county', countyCode: '620723' },
      actor: admin,
      body: fs.createReadStream(file),
      filename: 'questionnaire-20k.csv',
    });
    const uploadMs = performance.now() - t;
    t = performance.now();
    const check = await dryRun({ kind: 'county', countyCode: '620723' }, String(job._id));
    const dryRunMs = performance.now() - t;
    t = performance.now();
    const done = await commitImport({ scope: { kind: 'county', countyCode: '620723' }, actor: admin, id: String(job._id), wait: true });
    const commitMs = performance.now() - t;
    return {
      rows,
      fileMB: Math.round((bytes / 1024 / 1024) * 10) / 10,
      uploadMs: Math.round(uploadMs),
      dryRunRowsPerSec: Math.round(check.totalRows / (dryRunMs / 1000)),
      commitRowsPerSec: Math.round(done.rowsDone / (commitMs / 1000)),
      commitSeconds: Math.round(commitMs / 100) / 10,
      validRows: done.counts.valid,
      needsCreated: done.counts.needsCreated,
      householdsCreated: done.counts.householdsCreated,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await runImportBench()) + '\n');
}
