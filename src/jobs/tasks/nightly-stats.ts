import { dayOf, monthOf } from '../../shared/china-time.js';
import { stationMetrics } from '../../reports/service.js';
import { lastMonths, monthlySeries, storeMonth } from '../../station-stats/snapshots.js';
import { statsSnapshots } from '../repository.js';
import { stationRepository } from '../../stations/repository.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * Every night, snapshots each county's station metrics for the current month, stores the current
 * month's station statistics (open, refreshed nightly) and freezes the month that just ended with a
 * final pass (a frozen month changes only by an admin's recompute).
 */
export const nightlyStatsTask: ScheduledTaskDefinition = {
  name: 'nightly-stats',
  description: '每晚统计各站指标并存档',
  schedule: '30 2 * * *',
  async run({ now }) {
    const month = monthOf(now);
    const [previous] = lastMonths(now, 2);
    const date = dayOf(now);
    const counties = await stationRepository.countyCodes();
    let stations = 0;
    for (const countyCode of counties) {
      const metrics = await stationMetrics({ kind: 'county', countyCode }, month);
      stations += metrics.length;
      await statsSnapshots.unscoped.put(countyCode, date, month, metrics);
      await storeMonth({ kind: 'county', countyCode }, month, false, now);
      // The month that just ended: one final pass, then frozen (skipped once every station is frozen).
      await monthlySeries({ kind: 'county', countyCode }, [previous!], now);
    }
    return { counties: counties.length, stations };
  },
};
