import { publish } from '../../events/bus.js';
import { resources } from '../../resources/repository.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * Every hour, tells each charity once that a resource of theirs passed its expiry with units left.
 * Allocation already refuses expired resources (by date); this makes the expiry visible and drops
 * them from cached candidate pools.
 */
export const expireResourcesTask: ScheduledTaskDefinition = {
  name: 'expire-resources',
  description: '慈善资源到期处理：通知捐赠方并移出候选池',
  schedule: '40 * * * *',
  async run({ now }) {
    const expired = await resources.unscoped.expiredUnnotified(now);
    let notified = 0;
    for (const r of expired) {
      if (!(await resources.unscoped.markExpiryNotified(r._id, now))) continue;
      notified++;
      await publish({
        type: 'resource.updated',
        countyCode: r.countyCode,
        audience: { charityIds: [r.charityId] },
        payload: { resourceId: String(r._id), title: r.title, expired: true, message: `“${r.title}”已过有效期，不再参与分配` },
      });
    }
    return { expired: expired.length, notified };
  },
};
