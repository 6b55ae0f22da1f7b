import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { ImportProblem } from './problem.js';

/** Lifecycle of an import job. */
export type ImportStatus = 'uploaded' | 'running' | 'completed' | 'failed';

/** Counters of an import job. */
export interface ImportCounts {
  /** Rows that passed every check. */
  valid: number;
  /** Rows with at least one problem (skipped). */
  invalid: number;
  householdsCreated: number;
  householdsMatched: number;
  needsCreated: number;
  /** Valid rows whose needs all existed already (an earlier import of the same rows). */
  unchanged: number;
  /** Blank rows (no answer in any mapped column): skipped, not problems. */
  skipped: number;
  /** Valid rows whose village was found in the address text (no village column or a blank cell). */
  placedFromAddress: number;
}

/** One uploaded questionnaire export and what importing it did. */
export interface ImportJobDoc {
  _id: Types.ObjectId;
  countyCode: string;
  /** The station the rows go to; null for a county admin's county-wide import (rows placed by 所在镇). */
  stationCode: string | null;
  filename: string;
  /** Where the upload waits on this instance's disk until it is committed. */
  filePath: string | null;
  bytes: number;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  templateId: string;
  headers: string[];
  /** Question key → header used for this job. */
  columnMapping: Record<string, string>;
  /**
   * The coordinator asked to remember this mapping on the template: done when the job is COMMITTED,
   * so a wrong mapping from an abandoned try is never remembered.
   */
  saveMappingToTemplate?: boolean;
  status: ImportStatus;
  totalRows: number | null;
  rowsDone: number;
  counts: ImportCounts;
  /** The first problems found (at most 1,000); problemCount counts them all. */
  problems: ImportProblem[];
  problemCount: number;
  error: string | null;
  createdBy: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How many problems a job keeps: enough to fix a file, bounded for a 20,000-row one. */
export const MAX_KEPT_PROBLEMS = 1000;

export const emptyCounts = (): ImportCounts => ({
  valid: 0,
  invalid: 0,
  householdsCreated: 0,
  householdsMatched: 0,
  needsCreated: 0,
  unchanged: 0,
  skipped: 0,
  placedFromAddress: 0,
});

export const ImportJobModel = defineModel<ImportJobDoc>(
  'ImportJob',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, default: null },
    filename: { type: String, required: true },
    filePath: { type: String, default: null },
    bytes: { type: Number, required: true },
    format: { type: String, required: true },
    encoding: { type: String, default: null },
    templateId: { type: String, required: true },
    headers: [String],
    columnMapping: { type: Object, default: {} },
    saveMappingToTemplate: { type: Boolean, default: false },
    status: { type: String, required: true },
    totalRows: { type: Number, default: null },
    rowsDone: { type: Number, default: 0 },
    counts: { type: Object, default: emptyCounts },
    problems: { type: [Object], default: [] },
    problemCount: { type: Number, default: 0 },
    error: { type: String, default: null },
    createdBy: { type: String, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  [[{ countyCode: 1, stationCode: 1, _id: -1 }]],
);

/**
 * One claim per job: FerretDB applies conditional updates as read-then-write, so "uploaded → running"
 * is decided by a unique insert instead. A job is committed at most once.
 */
export const ImportCommitClaimModel = defineModel<{ _id: Types.ObjectId; jobId: string }>(
  'ImportCommitClaim',
  { jobId: { type: String, required: true } },
  [[{ jobId: 1 }, { unique: true }]],
);
