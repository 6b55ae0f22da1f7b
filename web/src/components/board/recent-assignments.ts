import { h } from '../../dom';
import { fmtDate } from '../../format';
import type { Assignment } from '../../types';
import { assignmentStatusTag } from '../tags';

/** The station's latest assignments and the answers to them. */
export function recentAssignments(assignments: Assignment[]): HTMLElement {
  if (!assignments.length) return h('p', { class: 'empty' }, '还没有指派记录。');
  return h(
    'ul',
    { class: 'list' },
    assignments.map((a) =>
      h(
        'li',
        { 'data-assignment-id': a.id, 'data-status': a.status },
        h(
          'div',
          { class: 'row between' },
          h('a', { href: `/needs/${a.needId}`, 'data-link': true }, a.needTitle ?? '需求'),
          assignmentStatusTag(a.status),
        ),
        h(
          'p',
          { class: 'muted small' },
          `${a.candidate.name} · ${fmtDate(a.updatedAt)}`,
          a.declineReason ? ` · 婉拒原因：${a.declineReason}` : '',
        ),
      ),
    ),
  );
}
