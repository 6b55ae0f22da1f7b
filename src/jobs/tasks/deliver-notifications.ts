import { deliverDue, notificationSettings } from '../../notifications/index.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * Sends the notification outbox: due items, retries with exponential backoff, dead letters after
 * NOTIFY_MAX_ATTEMPTS. Every 30 seconds; the lease makes each pass run on one instance.
 */
export const deliverNotificationsTask: ScheduledTaskDefinition = {
  name: 'deliver-notifications',
  description: '发送通知（企业微信/钉钉群机器人、短信）：失败重试，多次失败转入死信',
  schedule: '*/30 * * * * *',
  async run({ now, log }) {
    const counts = await deliverDue(now, notificationSettings(), log);
    return { ...counts };
  },
};
