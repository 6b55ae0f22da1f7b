import { idOf } from '../shared/model.js';
import type { Question } from '../surveys/schema.js';
import { emptyCounts, type ImportJobDoc } from './model.js';
import { mappingProblems } from './mapping.js';
import type { JobView } from './schema.js';

/** What clients see of an import job (no file path; problems name rows and columns, not people). */
export function presentJob(job: ImportJobDoc, questions: readonly Question[]): JobView {
  return {
    id: idOf(job),
    stationCode: job.stationCode ?? null,
    filename: job.filename,
    bytes: job.bytes,
    format: job.format,
    encoding: job.encoding ?? null,
    templateId: job.templateId,
    headers: job.headers,
    columnMapping: job.columnMapping ?? {},
    saveMappingToTemplate: Boolean(job.saveMappingToTemplate),
    missingColumns: mappingProblems(questions, job.headers, job.columnMapping ?? {}, 1),
    status: job.status,
    totalRows: job.totalRows ?? null,
    rowsDone: job.rowsDone,
    counts: { ...emptyCounts(), ...job.counts },
    problems: job.problems ?? [],
    problemCount: job.problemCount ?? 0,
    error: job.error ?? null,
    createdAt: job.createdAt,
    startedAt: job.startedAt ?? null,
    finishedAt: job.finishedAt ?? null,
  };
}
