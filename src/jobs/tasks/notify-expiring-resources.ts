import { enqueueExpiringResources } from '../../notifications/index.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Daily: tells each charity, once, of its resources expiring within three days (sent by deliver-notifications). */
export const notifyExpiringResourcesTask: ScheduledTaskDefinition = {
  name: 'notify-expiring-resources',
  description: '慈善资源到期前3天提醒捐赠方（每项资源只提醒一次）',
  schedule: '5 1 * * *',
  async run({ now }) {
    return { queued: await enqueueExpiringResources(now) };
  },
};
