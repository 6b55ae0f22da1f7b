import { repairNeedStates } from '../../assignments/repair.js';
import { systemActor } from '../system-actor.js';
import type { ScheduledTaskDefinition } from '../task.js';

/**
 * Puts needs right whose status contradicts their assignments (an undo step that failed under load
 * leaves e.g. an "assigned" need with no live assignment): the safety net behind the workflow.
 */
export const repairNeedStatesTask: ScheduledTaskDefinition = {
  name: 'repair-need-states',
  description: '修复状态与任务不一致的需求（如已指派却无有效任务的退回待匹配）',
  schedule: '*/15 * * * *',
  run: ({ now, log }) => repairNeedStates({ now, log, actorOf: systemActor }),
};
