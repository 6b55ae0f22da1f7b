import { createMonthlyVisitTasks } from '../../visits/tasks.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * On the 1st of each month, creates the visit tasks owed to every key-target household 重点对象 and
 * marks last month's unvisited ones missed. Safe to re-run: only missing tasks are inserted.
 */
export const monthlyVisitsTask: ScheduledTaskDefinition = {
  name: 'monthly-visits',
  description: '每月 1 日为重点对象生成当月探访任务（补跑只补缺失任务）',
  schedule: '0 1 1 * *',
  async run({ now }) {
    const { created, missed } = await createMonthlyVisitTasks(now);
    return { created, missed };
  },
};
