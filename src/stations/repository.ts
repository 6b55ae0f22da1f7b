import { StationModel, type StationDoc } from './model.js';

/**
 * Station records (社工站). Stations are the tenancy itself, not station-owned records, so this is a
 * plain repository: reads by code or county, and the county admin's open/settings writes.
 */
export const stationRepository = {
  codes(): Promise<string[]> {
    return StationModel.find({}, { code: 1 })
      .lean<Array<{ code: string }>>()
      .then((rows) => rows.map((r) => r.code));
  },
  async insertMissing(docs: Array<Omit<StationDoc, '_id' | 'createdAt' | 'updatedAt'>>): Promise<void> {
    await StationModel.insertMany(docs, { ordered: false });
  },
  byCode(code: string): Promise<StationDoc | null> {
    return StationModel.findOne({ code }).lean<StationDoc>();
  },
  inCounty(countyCode: string, opts: { openOnly?: boolean } = {}): Promise<StationDoc[]> {
    return StationModel.find({ countyCode, ...(opts.openOnly ? { active: true } : {}) })
      .sort({ code: 1 })
      .lean<StationDoc[]>();
  },
  /** Every open station of every county, code and county only (warming the matching indexes at start-up). */
  openStations(): Promise<Array<{ code: string; countyCode: string }>> {
    return StationModel.find({ active: true }, { code: 1, countyCode: 1 })
      .sort({ code: 1 })
      .lean<Array<{ code: string; countyCode: string }>>();
  },
  /** Every county that has stations (jobs iterate counties). */
  countyCodes(): Promise<string[]> {
    return StationModel.distinct('countyCode');
  },
  async set(code: string, set: Partial<Pick<StationDoc, 'active' | 'autoAssignMinScore' | 'matchingRules'>>): Promise<StationDoc | null> {
    return StationModel.findOneAndUpdate({ code }, { $set: set }, { returnDocument: 'after' }).lean<StationDoc>();
  },
  /** Demo: only the stations the county has opened are open. */
  async setOpenInCounty(countyCode: string, openCodes: string[]): Promise<void> {
    await StationModel.updateMany({ countyCode }, { $set: { active: false } });
    for (const code of openCodes) await StationModel.updateOne({ code }, { $set: { active: true } });
  },
};
