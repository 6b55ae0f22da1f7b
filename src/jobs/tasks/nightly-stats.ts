import { dayOf, monthOf } from '../../shared/china-time.js';
import { stationMetrics } from '../../reports/service.js';
import { statsSnapshots } from '../repository.js';
import { stationRepository } from '../../stations/repository.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Every night, snapshots each county's station metrics for the current month. */
export const nightlyStatsTask: ScheduledTaskDefinition = {
  name: 'nightly-stats',
  description: '每晚统计各站指标并存档',
  schedule: '30 2 * * *',
  async run({ now }) {
    const month = monthOf(now);
    const date = dayOf(now);
    const counties = await stationRepository.countyCodes();
    let stations = 0;
    for (const countyCode of counties) {
      const metrics = await stationMetrics({ kind: 'county', countyCode }, month);
      stations += metrics.length;
      await statsSnapshots.unscoped.put(countyCode, date, month, metrics);
    }
    return { counties: counties.length, stations };
  },
};
