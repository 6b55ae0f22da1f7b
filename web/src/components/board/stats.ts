import { h } from '../../dom';
import type { BoardCounts } from '../../types';

/** The board's counters, true totals from the server: open needs, urgent ones, assignments waiting and in progress. */
export function boardStats(c: BoardCounts): HTMLElement[] {
  return [
    stat('待匹配需求', c.open, 'open'),
    stat('紧急', c.urgent, 'urgent'),
    stat('等待回复', c.pendingAssignments, 'pending'),
    stat('进行中', c.activeAssignments, 'accepted'),
  ];
}

function stat(text: string, n: number, key: string): HTMLElement {
  return h('div', { class: 'stat', 'data-stat': key }, h('strong', null, String(n)), h('span', null, text));
}
