import { h } from '../dom';
import { ASSIGNMENT_STATUS_LABELS, NEED_STATUS_LABELS, URGENCY_LABELS, label } from '../labels';
import type { AssignmentStatus, NeedStatus, Urgency } from '../types';

export const urgencyTag = (u: Urgency) => h('span', { class: `tag urgency-${u}` }, label(URGENCY_LABELS, u));
export const needStatusTag = (s: NeedStatus) => h('span', { class: `tag status-${s}`, 'data-status': s }, label(NEED_STATUS_LABELS, s));
export const assignmentStatusTag = (s: AssignmentStatus) =>
  h('span', { class: `tag astatus-${s}`, 'data-status': s }, label(ASSIGNMENT_STATUS_LABELS, s));
