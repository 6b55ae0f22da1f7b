import type { Config } from '../config.js';
import type { ScheduledTaskDefinition } from './task.js';
import { anonymiseExpiredTask } from './tasks/anonymise-expired.js';
import { deliverNotificationsTask } from './tasks/deliver-notifications.js';
import { expireResourcesTask } from './tasks/expire-resources.js';
import { monthlyVisitsTask } from './tasks/monthly-visits.js';
import { nightlyStatsTask } from './tasks/nightly-stats.js';
import { notifyExpiringResourcesTask } from './tasks/notify-expiring-resources.js';
import { purgeNotificationsTask } from './tasks/purge-notifications.js';
import { purgeOldRecordsTask } from './tasks/purge-old-records.js';
import { rematchOpenNeedsTask } from './tasks/rematch-open-needs.js';
import { remindUnansweredTask } from './tasks/remind-unanswered.js';
import { referralRemindersTask } from './tasks/referral-reminders.js';
import { repairNeedStatesTask } from './tasks/repair-need-states.js';

/** Every scheduled task of the service; the scheduler validates the list before starting. */
export function buildTaskRegistry(config: Pick<Config, 'EVENT_RETENTION_DAYS'>): ScheduledTaskDefinition[] {
  return [
    rematchOpenNeedsTask,
    remindUnansweredTask,
    monthlyVisitsTask,
    expireResourcesTask,
    nightlyStatsTask,
    purgeOldRecordsTask(config.EVENT_RETENTION_DAYS),
    referralRemindersTask,
    repairNeedStatesTask,
    deliverNotificationsTask,
    purgeNotificationsTask,
    notifyExpiringResourcesTask,
    anonymiseExpiredTask,
  ];
}
