import { remindUnansweredReferrals } from '../../referrals/service.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Every morning: referrals without an answer after REFERRAL_ANSWER_DAYS become "no answer" and remind the station. */
export const referralRemindersTask: ScheduledTaskDefinition = {
  name: 'referral-reminders',
  description: '每天检查逾期未回复的转介并提醒社工站',
  schedule: '0 30 8 * * *',
  async run({ now }) {
    return { reminded: await remindUnansweredReferrals(now) };
  },
};
