import { StationModel, type StationDoc } from './model.js';

/**
 * Stations by code, kept for a few seconds: nearly every request reads its station (rules, names,
 * rooms), and FerretDB answers a lookup by code by reading every station of the province. Writes here
 * clear it; another instance's change shows within STATION_CACHE_MS.
 */
const STATION_CACHE_MS = 5_000;
/** The read itself is kept, not its result: requests arriving while a station is read share that one read (a scan). */
const recent = new Map<string, { doc: Promise<StationDoc | null>; at: number }>();

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
    recent.clear();
    await StationModel.insertMany(docs, { ordered: false });
  },
  byCode(code: string): Promise<StationDoc | null> {
    const hit = recent.get(code);
    if (hit && Date.now() - hit.at < STATION_CACHE_MS) return hit.doc;
    const doc = StationModel.findOne({ code }).lean<StationDoc>().exec();
    const entry = { doc, at: Date.now() };
    recent.set(code, entry);
    // A failed read is not kept: the next request tries again.
    doc.catch(() => {
      if (recent.get(code) === entry) recent.delete(code);
    });
    return doc;
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
    recent.clear();
    const doc = await StationModel.findOneAndUpdate({ code }, { $set: set }, { returnDocument: 'after' }).lean<StationDoc>();
    recent.clear();
    return doc;
  },
  /** Demo: only the stations the county has opened are open. */
  async setOpenInCounty(countyCode: string, openCodes: string[]): Promise<void> {
    recent.clear();
    await StationModel.updateMany({ countyCode }, { $set: { active: false } });
    for (const code of openCodes) await StationModel.updateOne({ code }, { $set: { active: true } });
    recent.clear();
  },
};
