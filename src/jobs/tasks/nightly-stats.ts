import type { Types } from 'mongoose';
import { dayOf, monthOf } from '../../shared/china-time.js';
import { stationMetrics, type StationMetrics } from '../../reports/service.js';
import { defineModel } from '../../shared/model.js';
import { StationModel } from '../../stations/model.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** A night's snapshot of one county's station metrics, so trends survive later corrections. */
interface StatsSnapshotDoc {
  _id: Types.ObjectId;
  countyCode: string;
  date: string;
  month: string;
  stations: StationMetrics[];
}

export const StatsSnapshotModel = defineModel<StatsSnapshotDoc>(
  'StatsSnapshot',
  { countyCode: { type: String, required: true }, date: { type: String, required: true }, month: String, stations: [Object] },
  [[{ countyCode: 1, date: 1 }, { unique: true }]],
);

/** Every night, snapshots each county's station metrics for the current month. */
export const nightlyStatsTask: ScheduledTaskDefinition = {
  name: 'nightly-stats',
  description: '每晚统计各站指标并存档',
  schedule: '30 2 * * *',
  async run({ now }) {
    const month = monthOf(now);
    const date = dayOf(now);
    const counties: string[] = await StationModel.distinct('countyCode');
    let stations = 0;
    for (const countyCode of counties) {
      const metrics = await stationMetrics({ kind: 'county', countyCode }, month);
      stations += metrics.length;
      await StatsSnapshotModel.updateOne({ countyCode, date }, { $set: { month, stations: metrics } }, { upsert: true });
    }
    return { counties: counties.length, stations };
  },
};
