import { h } from '../dom';
import type { ImportProblem } from '../types';

/** Dry-run problems row by row: 行 / 列 / 原因. */
export function problemsTable(problems: ImportProblem[], total: number): HTMLElement {
  if (!problems.length) return h('p', { class: 'ok small' }, '没有发现问题。');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'problems' },
      h('caption', null, total > problems.length ? `共 ${total} 个问题，显示前 ${problems.length} 个` : `共 ${total} 个问题`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '行'), h('th', { scope: 'col' }, '列'), h('th', { scope: 'col' }, '原因'))),
      h(
        'tbody',
        null,
        problems.map((p) => h('tr', null, h('td', null, String(p.row)), h('td', null, p.column), h('td', null, p.reason))),
      ),
    ),
  );
}
