import type { Types } from 'mongoose';
import { defineModel } from '../../shared/model.js';
import type { QuietHours } from '../quiet-hours.js';
import type { RecipientKind } from '../messages.js';

/** A person's notification choices (a volunteer, an organisation's contact, a charity's contact). */
export interface PreferenceDoc {
  _id: Types.ObjectId;
  countyCode: string;
  subjectKind: Exclude<RecipientKind, 'station'>;
  subjectId: string;
  /** SMS on or off (the group robots are the station's, not a person's). */
  sms: boolean;
  quietHours: QuietHours;
  /** SMS a day at most; null: the service default. */
  dailyCap: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const PreferenceModel = defineModel<PreferenceDoc>(
  'NotificationPreference',
  {
    countyCode: { type: String, required: true },
    subjectKind: { type: String, required: true },
    subjectId: { type: String, required: true },
    sms: { type: Boolean, default: true },
    quietHours: { _id: false, start: String, end: String },
    dailyCap: { type: Number, default: null },
  },
  [[{ subjectKind: 1, subjectId: 1 }, { unique: true }]],
);

export type PreferenceInput = Pick<PreferenceDoc, 'sms' | 'quietHours' | 'dailyCap'>;

export const preferences = {
  async get(subjectKind: PreferenceDoc['subjectKind'], subjectId: string): Promise<PreferenceDoc | null> {
    return PreferenceModel.findOne({ subjectKind, subjectId }).lean<PreferenceDoc>();
  },

  async set(
    countyCode: string,
    subjectKind: PreferenceDoc['subjectKind'],
    subjectId: string,
    input: PreferenceInput,
  ): Promise<PreferenceDoc> {
    const doc = await PreferenceModel.findOneAndUpdate(
      { subjectKind, subjectId },
      { $set: { ...input, countyCode } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<PreferenceDoc>();
    return doc!;
  },
};
