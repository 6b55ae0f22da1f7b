import { applyRetention } from '../../privacy/retention.js';
import { privacySettings } from '../../privacy/settings.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Nightly: anonymises personal data past RETENTION_DAYS and deletes audit entries past AUDIT_RETENTION_DAYS. */
export const anonymiseExpiredTask: ScheduledTaskDefinition = {
  name: 'anonymise-expired',
  description: '个人信息保存期限到期：匿名化已结束的需求、服务记录、探访和调查，清理过期审计记录',
  schedule: '43 2 * * *',
  async run({ now }) {
    return { ...(await applyRetention(now, privacySettings())) };
  },
};
