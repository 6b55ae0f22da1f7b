import { h } from '../dom';
import { ASSIGNMENT_STATUS, NEED_STATUS, URGENCY, label } from '../labels';

export const urgencyTag = (u: string) => h('span', { class: `tag urgency-${u}` }, URGENCY[u] ?? u);
export const needStatusTag = (s: string) => h('span', { class: `tag status-${s}`, 'data-status': s }, label(NEED_STATUS, s));
export const assignmentStatusTag = (s: string) => h('span', { class: `tag astatus-${s}`, 'data-status': s }, label(ASSIGNMENT_STATUS, s));
