import type { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { trusted } from '../shared/model.js';
import { defineModel } from '../shared/model.js';
import { ScopedRepository } from '../shared/scoped-repository.js';
import type { EvaluationScheme } from './scheme.js';

/** A county's own scheme (replaces the default); versions are kept, the newest applies to new rounds. */
export interface CountySchemeDoc {
  _id: Types.ObjectId;
  countyCode: string;
  version: string;
  scheme: EvaluationScheme;
  createdBy: string;
  createdAt: Date;
}

export const CountySchemeModel = defineModel<CountySchemeDoc>(
  'EvaluationScheme',
  {
    countyCode: { type: String, required: true },
    version: { type: String, required: true },
    scheme: { type: Object, required: true },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, version: 1 }, { unique: true }]],
);

export type RoundStatus = 'planned' | 'scoring' | 'reported' | 'published';

/** An evaluation round of a county: plan → scoring → report → publication (公示). */
export interface RoundDoc {
  _id: Types.ObjectId;
  countyCode: string;
  name: string;
  period: { from: string; to: string };
  stationCodes: string[];
  evaluators: Array<{ userId?: string; name: string; organisation?: string }>;
  /** The scheme as it was when the round was planned: later edits never change a round. */
  scheme: EvaluationScheme;
  status: RoundStatus;
  revision: number;
  history: Array<{ at: Date; by: string; from: RoundStatus | null; to: RoundStatus }>;
  publishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const RoundModel = defineModel<RoundDoc>(
  'EvaluationRound',
  {
    countyCode: { type: String, required: true },
    name: { type: String, required: true },
    period: { _id: false, from: String, to: String },
    stationCodes: [String],
    evaluators: [{ _id: false, userId: String, name: String, organisation: String }],
    scheme: { type: Object, required: true },
    status: { type: String, required: true },
    revision: { type: Number, default: 0 },
    history: [{ _id: false, at: Date, by: String, from: String, to: String }],
    publishedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, createdAt: -1 }]],
);

/** The score of one indicator of one station in a round. */
export interface ScoreDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  roundId: string;
  indicatorId: string;
  source: 'computed' | 'entered';
  value: number | null;
  score: number;
  detail: string | null;
  note: string | null;
  evidence: string[];
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ScoreModel = defineModel<ScoreDoc>(
  'EvaluationScore',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    roundId: { type: String, required: true },
    indicatorId: { type: String, required: true },
    source: { type: String, required: true },
    value: { type: Number, default: null },
    score: { type: Number, required: true },
    detail: { type: String, default: null },
    note: { type: String, default: null },
    evidence: [String],
    updatedBy: { type: String, required: true },
  },
  [[{ roundId: 1, stationCode: 1, indicatorId: 1 }, { unique: true }]],
);

/** One change of a score: who, when, from what to what, and why (append-only). */
export interface ScoreChangeDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  roundId: string;
  indicatorId: string;
  fromScore: number | null;
  toScore: number;
  fromValue: number | null;
  toValue: number | null;
  by: string;
  byName: string;
  reason: string;
  createdAt: Date;
}

export const ScoreChangeModel = defineModel<ScoreChangeDoc>(
  'EvaluationScoreChange',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    roundId: { type: String, required: true },
    indicatorId: { type: String, required: true },
    fromScore: { type: Number, default: null },
    toScore: { type: Number, required: true },
    fromValue: { type: Number, default: null },
    toValue: { type: Number, default: null },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    reason: { type: String, required: true },
  },
  [[{ roundId: 1, stationCode: 1, createdAt: 1 }]],
);

/** The evaluator's conclusions for one station: strengths, problems, suggestions. */
export interface ConclusionDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  roundId: string;
  strengths: string[];
  problems: string[];
  suggestions: string[];
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ConclusionModel = defineModel<ConclusionDoc>(
  'EvaluationConclusion',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    roundId: { type: String, required: true },
    strengths: [String],
    problems: [String],
    suggestions: [String],
    updatedBy: { type: String, required: true },
  },
  [[{ roundId: 1, stationCode: 1 }, { unique: true }]],
);

export const scores = new ScopedRepository<ScoreDoc>(ScoreModel, '评分');
export const scoreChanges = new ScopedRepository<ScoreChangeDoc>(ScoreChangeModel, '评分记录');
export const conclusions = new ScopedRepository<ConclusionDoc>(ConclusionModel, '评估结论');

/** Rounds are county records: every read carries the county. */
export const rounds = {
  /** A round of the county, or null. Read by `_id` alone (FerretDB's index answers only that), the county checked here. */
  async get(countyCode: string, id: string): Promise<RoundDoc | null> {
    if (!/^[a-f0-9]{24}$/i.test(id)) return null;
    const doc = await RoundModel.findById(id).lean<RoundDoc>();
    return doc?.countyCode === countyCode ? doc : null;
  },
  list(countyCode: string, stationCode?: string): Promise<RoundDoc[]> {
    const filter: Record<string, unknown> = { countyCode };
    if (stationCode) filter.stationCodes = stationCode;
    return RoundModel.find(filter).sort({ createdAt: -1 }).limit(200).lean<RoundDoc[]>();
  },
  async create(doc: Omit<RoundDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<RoundDoc> {
    const created = await RoundModel.create(doc);
    return created.toObject<RoundDoc>();
  },
  /**
   * Applies a status move after the caller claimed the next revision (the claim is the single winner);
   * null when the round is not of the county or not at `revision` any more. Read and written by `_id`.
   */
  async setStatus(countyCode: string, id: string, revision: number, set: Partial<RoundDoc>, entry: RoundDoc['history'][number]) {
    const current = await rounds.get(countyCode, id);
    if (current?.revision !== revision) return null;
    return RoundModel.findByIdAndUpdate(
      id,
      { $set: { ...set, revision: revision + 1 }, $push: { history: entry } },
      { returnDocument: 'after' },
    ).lean<RoundDoc>();
  },
  async revisionOf(id: string): Promise<number> {
    return (await RoundModel.findById(id, { revision: 1 }).lean<{ revision: number }>())?.revision ?? 0;
  },
};

/** The newest scheme a county stored, or null (the default applies). */
export async function latestCountyScheme(countyCode: string): Promise<CountySchemeDoc | null> {
  return CountySchemeModel.findOne({ countyCode }).sort({ createdAt: -1, _id: -1 }).lean<CountySchemeDoc>();
}

export async function saveCountyScheme(doc: Omit<CountySchemeDoc, '_id' | 'createdAt'>): Promise<CountySchemeDoc> {
  const created = await CountySchemeModel.create(doc);
  return created.toObject<CountySchemeDoc>();
}

/** Scores of a round (all its stations), for the report. */
export async function scoresOfRound(countyCode: string, roundId: string, stationCodes: string[]): Promise<ScoreDoc[]> {
  return ScoreModel.find({ countyCode, roundId, stationCode: trusted({ $in: stationCodes }) }).lean<ScoreDoc[]>();
}

/**
 * Writes a score: inserted under the unique (round, station, indicator) index the first time,
 * updated after. Returns the previous score (null when new).
 */
export async function upsertScore(
  key: { countyCode: string; stationCode: string; roundId: string; indicatorId: string },
  set: Pick<ScoreDoc, 'source' | 'value' | 'score' | 'detail' | 'note' | 'evidence' | 'updatedBy'>,
): Promise<ScoreDoc | null> {
  const before = await ScoreModel.findOne(key).lean<ScoreDoc>();
  if (before) {
    await ScoreModel.updateOne({ _id: before._id }, { $set: set });
    return before;
  }
  try {
    await ScoreModel.create({ ...key, ...set });
    return null;
  } catch (err) {
    // Two evaluators saving the first score at once: the loser updates the winner's row.
    if (!isDuplicateKey(err)) throw err;
    return upsertScore(key, set);
  }
}
