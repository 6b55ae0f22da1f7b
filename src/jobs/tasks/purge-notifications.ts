import { notificationSettings, outbox } from '../../notifications/index.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Nightly: deletes sent and suppressed notifications older than NOTIFY_KEEP_DAYS (dead letters stay until handled). */
export const purgeNotificationsTask: ScheduledTaskDefinition = {
  name: 'purge-notifications',
  description: '清理已发送的历史通知（死信保留，待管理员处理）',
  schedule: '27 3 * * *',
  async run({ now }) {
    const days = notificationSettings().NOTIFY_KEEP_DAYS;
    return { deleted: await outbox.purgeFinishedBefore(new Date(now.getTime() - days * 86_400_000)) };
  },
};
