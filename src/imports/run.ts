import { rm } from 'node:fs/promises';
import type { Actor, StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { logFailure } from '../shared/log-failure.js';
import { AppError, badRequest, conflict } from '../http/errors.js';
import { listStations } from '../stations/service.js';
import { isBlankAnswer } from '../shared/text.js';
import { getTemplate, saveColumnMapping } from '../surveys/templates.js';
import { UNPLACED_REASON, checkRow, type CheckContext, type RowPlan } from './check.js';
import { MAX_KEPT_PROBLEMS, type ImportCounts, type ImportJobDoc } from './model.js';
import { importJobs, type ImportJobChange } from './repository.js';
import { mappingProblems } from './mapping.js';
import { ImportFormatError, openRows, type ImportRow, type OpenedRows } from './parse.js';
import type { ImportProblem } from './problem.js';
import { fileError } from './upload.js';
import { HouseholdIndex, NeedKeys, writeChunk } from './writer.js';

/** Result of a dry run: what a commit would do, and every problem (the first 1,000 listed). */
export interface DryRunResult {
  jobId: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  problems: ImportProblem[];
  problemCount: number;
  /** Valid rows per station code. */
  byStation: Record<string, number>;
  /** Blank rows, skipped (not problems). */
  skippedRows: number;
  /** Valid rows whose village was found in the address text. */
  placedFromAddress: number;
  /** Rows whose address names none of the station's villages (the first 1,000). */
  unplacedRows: number[];
  /** Whether the file has a village column at all. */
  villageColumn: boolean;
}

/** A row without an answer in any mapped column (a submission time alone is no answer): skipped, not six problems. */
export function isBlankRow(row: ImportRow, ctx: CheckContext): boolean {
  const submitted = ctx.questions.find((q) => q.role === 'submittedAt')?.key;
  return Object.entries(ctx.mapping).every(([key, header]) => key === submitted || isBlankAnswer(row.cells[header]));
}

function hasVillageColumn(ctx: CheckContext): boolean {
  const key = ctx.questions.find((q) => q.role === 'community')?.key;
  const header = key ? ctx.mapping[key] : undefined;
  return Boolean(header && ctx.headers.includes(header));
}

async function contextOf(scope: StationScope, job: ImportJobDoc): Promise<CheckContext & { headerProblems: ImportProblem[] }> {
  const template = await getTemplate(scope, job.templateId);
  // A station job knows only its station, so rows of other townships are reported as "not this station".
  const stations = (await listStations(scope)).filter((s) => !job.stationCode || s.code === job.stationCode);
  return {
    questions: template.questions,
    mapping: job.columnMapping,
    headers: job.headers,
    stations,
    stationCode: job.stationCode,
    headerProblems: mappingProblems(template.questions, job.headers, job.columnMapping, 1),
  };
}

async function open(job: ImportJobDoc): Promise<OpenedRows> {
  if (!job.filePath) throw conflict('该导入任务的文件已处理完毕，如需再次导入请重新上传');
  try {
    return await openRows({ filename: job.filename, path: job.filePath });
  } catch (err) {
    if (err instanceof ImportFormatError) throw fileError(err);
    throw err;
  }
}

/** Checks every row without writing anything; header problems (missing columns) come first. */
export async function dryRun(scope: StationScope, id: string): Promise<DryRunResult> {
  const job = await importJobs.get(scope, id);
  const ctx = await contextOf(scope, job);
  const problems: ImportProblem[] = [...ctx.headerProblems];
  let problemCount = problems.length;
  const result: DryRunResult = {
    jobId: id,
    totalRows: 0,
    validRows: 0,
    invalidRows: 0,
    problems,
    problemCount,
    byStation: {},
    skippedRows: 0,
    placedFromAddress: 0,
    unplacedRows: [],
    villageColumn: hasVillageColumn(ctx),
  };
  const opened = await open(job);
  try {
    for await (const row of opened.rows) {
      if (isBlankRow(row, ctx)) {
        result.skippedRows++;
        continue;
      }
      result.totalRows++;
      const checked = checkRow(row, ctx);
      if (checked.plan) {
        result.validRows++;
        if (checked.plan.placedBy === 'address') result.placedFromAddress++;
        result.byStation[checked.plan.stationCode] = (result.byStation[checked.plan.stationCode] ?? 0) + 1;
      } else {
        result.invalidRows++;
        problemCount += checked.problems.length;
        for (const p of checked.problems) if (problems.length < MAX_KEPT_PROBLEMS) problems.push(p);
        if (checked.problems.some((p) => p.reason === UNPLACED_REASON) && result.unplacedRows.length < MAX_KEPT_PROBLEMS)
          result.unplacedRows.push(row.rowNumber);
      }
    }
  } catch (err) {
    if (!(err instanceof ImportFormatError)) throw err;
    problemCount++;
    problems.push({ row: err.row ?? result.totalRows + 2, column: '', reason: err.message });
  } finally {
    opened.close();
  }
  result.problemCount = problemCount;
  if (ctx.headerProblems.length) {
    result.invalidRows = result.totalRows;
    result.validRows = 0;
    result.byStation = {};
  }
  return result;
}

/**
 * Changes the column mapping of a job before it is committed. `saveToTemplate` is only noted on the
 * job: the template remembers the mapping when the job is committed with it (commitImport).
 */
export async function setJobMapping(
  scope: StationScope,
  id: string,
  mapping: Record<string, string>,
  saveToTemplate = false,
): Promise<ImportJobDoc> {
  const job = await importJobs.get(scope, id);
  if (job.status !== 'uploaded') throw conflict('导入已开始，不能再修改列对应关系');
  const template = await getTemplate(scope, job.templateId);
  const unknown = Object.keys(mapping).find((k) => !template.questions.some((q) => q.key === k));
  if (unknown) throw badRequest('unknown_question', `模板中没有题目 ${unknown}`, { field: `columnMapping.${unknown}` });
  return (await importJobs.set(job, { columnMapping: mapping, saveMappingToTemplate: saveToTemplate })) ?? job;
}

/**
 * Starts writing every valid row of a job. A job is committed once (a unique claim decides); with
 * missing required columns nothing starts. Returns at once unless `wait`; progress is on the job.
 */
export async function commitImport(props: {
  scope: StationScope;
  actor: Actor;
  id: string;
  wait?: boolean;
  onError?: (err: unknown) => void;
  /** Rows per batch (tests use small batches to see several); BATCH_ROWS unless given. */
  batchRows?: number;
}): Promise<ImportJobDoc> {
  const { scope, actor, id } = props;
  const job = await importJobs.get(scope, id);
  const ctx = await contextOf(scope, job);
  if (ctx.headerProblems.length) {
    throw new AppError(400, 'missing_columns', '文件缺少必填列，未导入任何数据', { problems: ctx.headerProblems });
  }
  if (job.status !== 'uploaded') throw conflict('该文件已导入或正在导入，如需再次导入请重新上传');
  if (!(await importJobs.claimCommit(id))) throw conflict('该文件已导入或正在导入，如需再次导入请重新上传');
  const started = (await importJobs.set(job, { status: 'running', startedAt: new Date() })) ?? job;
  // Only a committed import teaches the template its mapping (an abandoned try never does).
  if (job.saveMappingToTemplate) {
    await saveColumnMapping({ scope, actor, id: job.templateId, columnMapping: job.columnMapping }).catch(
      logFailure('saving the committed column mapping to the template', { jobId: id, templateId: job.templateId }),
    );
  }
  const run = runCommit(started, ctx, actor.userId, props.batchRows ?? BATCH_ROWS).catch(async (err: unknown) => {
    await importJobs
      .set(job, { status: 'failed', error: '导入中断：服务器内部错误', finishedAt: new Date() })
      .catch(logFailure('marking a failed import', { jobId: id }));
    props.onError?.(err);
  });
  if (props.wait) {
    await run;
    return importJobs.get(scope, id);
  }
  return started;
}

/**
 * Rows per batch: written with one insert per collection; also how often progress is saved and announced.
 * 250: the 20k-row bench commits as fast as with 500 or 1,000 (one FerretDB transaction per insert
 * either way) and its peak RSS is lower: median 291 MB (231-314, 9 runs) against 323 MB with 500. Most
 * of the commit's RSS is garbage V8 lets its old space collect before a major GC (live heap ~50 MB);
 * a smaller batch in flight leaves less of it there.
 */
export const BATCH_ROWS = 250;

/** Rows read and checked, waiting to be written together. */
interface Batch {
  plans: RowPlan[];
  /** Problems of the batch's invalid rows, one list per row. */
  invalid: ImportProblem[][];
  skipped: number;
  /** Non-blank rows read (valid and invalid). */
  rows: number;
}

const emptyBatch = (): Batch => ({ plans: [], invalid: [], skipped: 0, rows: 0 });

/**
 * Reads, checks and writes every row of a job. Rows stream in batches: while one batch is being written
 * the next is read and checked (at most two in memory); batches are written one after another, so the
 * household index sees them in file order. Counts and progress move when a batch has been written.
 */
async function runCommit(job: ImportJobDoc, ctx: CheckContext, by: string, batchRows: number): Promise<void> {
  const counts: ImportCounts = { ...job.counts };
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let rowsDone = 0;
  const stations = new Set<string>(job.stationCode ? [job.stationCode] : []);
  const opened = await openRows({ filename: job.filename, path: job.filePath! });
  const totalRows = opened.totalRowsHint ?? job.totalRows;
  const stationCodes = ctx.stations.map((s) => s.code);
  const index = await HouseholdIndex.load(job.countyCode, stationCodes);
  const needKeys = new NeedKeys(job.countyCode, stationCodes);

  const save = async (extra: ImportJobChange = {}) => {
    await importJobs.set(job, { rowsDone, counts, problems, problemCount, totalRows: extra.totalRows ?? totalRows, ...extra });
    await publish({
      type: 'import.progress',
      countyCode: job.countyCode,
      audience: { stationCodes: [...stations] },
      payload: { jobId: String(job._id), rowsDone, totalRows: extra.totalRows ?? totalRows, status: extra.status ?? 'running', counts },
    });
  };
  const note = (list: ImportProblem[]) => {
    problemCount += list.length;
    for (const p of list) if (problems.length < MAX_KEPT_PROBLEMS) problems.push(p);
  };

  const write = async (batch: Batch) => {
    const outcomes = await writeChunk({ plans: batch.plans, index, needKeys, countyCode: job.countyCode, by, jobId: String(job._id) });
    counts.skipped = (counts.skipped ?? 0) + batch.skipped;
    for (const list of batch.invalid) {
      counts.invalid++;
      note(list);
    }
    for (const o of outcomes) {
      if (!o.ok) {
        counts.invalid++;
        note([o.problem!]);
        continue;
      }
      counts.valid++;
      if (o.plan.placedBy === 'address') counts.placedFromAddress = (counts.placedFromAddress ?? 0) + 1;
      stations.add(o.plan.stationCode);
      if (o.householdCreated) counts.householdsCreated++;
      else counts.householdsMatched++;
      counts.needsCreated += o.needsCreated;
      if (o.needsCreated === 0) counts.unchanged++;
    }
    rowsDone += batch.rows;
    await save();
  };
  // The batch being written; it settles to its error (if any), so a failure waits to be seen at the next
  // hand-over instead of being an unhandled rejection while rows are read.
  let writing: Promise<{ err: unknown } | null> = Promise.resolve(null);
  const handOver = async (batch: Batch | null) => {
    const previous = await writing;
    writing = Promise.resolve(null);
    if (previous) throw previous.err;
    if (batch)
      writing = write(batch).then(
        () => null,
        (err: unknown) => ({ err }),
      );
  };

  let batch = emptyBatch();
  let error: string | null = null;
  try {
    for await (const row of opened.rows) {
      if (isBlankRow(row, ctx)) {
        batch.skipped++;
        continue;
      }
      const checked = checkRow(row, ctx);
      if (checked.plan) batch.plans.push(checked.plan);
      else batch.invalid.push(checked.problems);
      batch.rows++;
      if (batch.rows >= batchRows) {
        await handOver(batch);
        batch = emptyBatch();
      }
    }
  } catch (err) {
    if (!(err instanceof ImportFormatError)) {
      // Let the batch in flight finish before the job is marked failed.
      await writing;
      throw err;
    }
    error = `${err.message}（此前的行已完整导入）`;
  } finally {
    opened.close();
  }
  await handOver(batch.rows || batch.skipped ? batch : null);
  await handOver(null);
  await save({ status: error ? 'failed' : 'completed', error, totalRows: rowsDone, finishedAt: new Date(), filePath: null });
  await rm(job.filePath!, { force: true });
}
