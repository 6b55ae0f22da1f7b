import { assignments } from '../../assignments/repository.js';
import { expireAssignment } from '../../assignments/service.js';
import { publish } from '../../events/bus.js';
import { logFailure } from '../../shared/log-failure.js';
import { systemActor } from '../system-actor.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * Reminds volunteers and organisations of assignments unanswered after N hours, and after M hours
 * escalates: the assignment expires and the coordinator is proposed the next-best candidate.
 */
export const remindUnansweredTask: ScheduledTaskDefinition = {
  name: 'remind-unanswered',
  description: '未回复任务提醒；超时后升级给驻站社工并推荐下一位候选',
  schedule: '*/10 * * * *',
  async run({ now, log }) {
    let reminded = 0;
    let escalated = 0;
    const due = await assignments.dueForReminder(now);
    for (const a of due) {
      // Conditional: another instance or a previous run may have reminded it already.
      if (!(await assignments.markReminded(a._id, now))) continue;
      reminded++;
      const responder = a.candidate.kind === 'organisation' ? { organisationIds: [a.responderId] } : { volunteerIds: [a.responderId] };
      await publish({
        type: 'reminder.due',
        countyCode: a.countyCode,
        audience: { stationCodes: [a.stationCode], ...responder },
        payload: {
          assignmentId: String(a._id),
          needId: a.needId,
          needCategory: a.needCategory ?? null,
          message: '您有一条待回复的服务任务，请尽快接受或婉拒',
        },
      });
    }
    const overdue = await assignments.overdue(now);
    for (const a of overdue) {
      const done = await expireAssignment({ actor: systemActor(a.countyCode), assignment: a }).catch(
        logFailure('escalating an unanswered assignment', { assignmentId: String(a._id) }, log),
      );
      if (done) escalated++;
    }
    return { reminded, escalated };
  },
};
