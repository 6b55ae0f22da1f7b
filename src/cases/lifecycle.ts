import { z } from 'zod';
import type { Lifecycle } from '../station-work/lifecycle.js';

/** Case states: intake 接案 → assessed 已评估 → planned 已制定计划 → in_service 服务中 ⇄ reviewing 目标回顾 → closed 已结案. */
export const CaseStatusSchema = z.enum(['intake', 'assessed', 'planned', 'in_service', 'reviewing', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const CASE_LIFECYCLE: Lifecycle<CaseStatus> = {
  transitions: {
    intake: ['assessed', 'closed'],
    assessed: ['planned', 'closed'],
    planned: ['in_service', 'closed'],
    in_service: ['reviewing', 'closed'],
    reviewing: ['in_service', 'closed'],
    // A closed case may be reopened when the person needs the service again.
    closed: ['in_service'],
  },
  names: { intake: '接案', assessed: '已评估', planned: '已制定服务计划', in_service: '服务中', reviewing: '目标回顾', closed: '已结案' },
};
