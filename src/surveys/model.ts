import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { ColumnMapping, Question } from './schema.js';

/** A survey template 入户需求调查表: county-wide (stationCode null) or one station's own. */
export interface TemplateDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string | null;
  /** "default" for the template installed from seeds/survey-template.json, `custom:<id>` otherwise (unique per county and station). */
  key: string;
  name: string;
  description: string;
  questions: Question[];
  /** Saved mapping of question keys to the column headers of questionnaire exports. */
  columnMapping: ColumnMapping;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const TemplateModel = defineModel<TemplateDoc>(
  'SurveyTemplate',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, default: null },
    key: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    questions: { type: [Object], required: true },
    columnMapping: { type: Object, default: {} },
    createdBy: { type: String, required: true },
  },
  [[{ countyCode: 1, stationCode: 1, key: 1 }, { unique: true }]],
);

/** One survey response taken by a coordinator (or one imported row). */
export interface ResponseDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  communityCode: string;
  templateId: string;
  householdId: string;
  needIds: string[];
  answers: Record<string, unknown>;
  /** Content key of the answers: the same response submitted twice is recorded once. */
  contentKey: string;
  takenBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ResponseModel = defineModel<ResponseDoc>(
  'SurveyResponse',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    communityCode: { type: String, required: true },
    templateId: { type: String, required: true },
    householdId: { type: String, required: true },
    needIds: [String],
    answers: { type: Object, required: true },
    contentKey: { type: String, required: true },
    takenBy: { type: String, required: true },
  },
  [[{ stationCode: 1, contentKey: 1 }, { unique: true }], [{ countyCode: 1, stationCode: 1, _id: -1 }], [{ householdId: 1 }]],
);

/**
 * The right to record one response content in a station: the unique insert decides which of several
 * identical submissions (a client retrying, a double tap) writes the household and its needs.
 */
export interface ResponseClaimDoc {
  _id: Types.ObjectId;
  stationCode: string;
  contentKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ResponseClaimModel = defineModel<ResponseClaimDoc>(
  'SurveyResponseClaim',
  { stationCode: { type: String, required: true }, contentKey: { type: String, required: true } },
  [[{ stationCode: 1, contentKey: 1 }, { unique: true }]],
);
