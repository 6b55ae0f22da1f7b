import type { Config } from '../config.js';
import type { ScheduledTaskDefinition } from './task.js';
import { purgeOldRecordsTask } from './tasks/purge-old-records.js';

/** Every scheduled task of the service; the scheduler validates the list before starting. */
export function buildTaskRegistry(config: Pick<Config, 'EVENT_RETENTION_DAYS'>): ScheduledTaskDefinition[] {
  return [purgeOldRecordsTask(config.EVENT_RETENTION_DAYS)];
}
