import { h } from '../../dom';
import type { Assignment, Need } from '../../types';

/** The board's counters: open needs, urgent ones, assignments waiting for an answer and in progress. */
export function boardStats(needs: Need[], assignments: Assignment[]): HTMLElement[] {
  const pending = assignments.filter((a) => a.status === 'pending').length;
  const accepted = assignments.filter((a) => a.status === 'accepted' || a.status === 'in_progress').length;
  return [
    stat('待匹配需求', needs.length, 'open'),
    stat('紧急', needs.filter((n) => n.urgency === 'critical' || n.urgency === 'high').length, 'urgent'),
    stat('等待回复', pending, 'pending'),
    stat('进行中', accepted, 'accepted'),
  ];
}

function stat(text: string, n: number, key: string): HTMLElement {
  return h('div', { class: 'stat', 'data-stat': key }, h('strong', null, String(n)), h('span', null, text));
}
