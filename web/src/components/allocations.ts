import { api, messageOf } from '../api';
import { h, mount } from '../dom';
import { fmtDay } from '../format';
import type { Allocation } from '../types';

/** Where a resource went: date, category, station, quantity (never beneficiary data). */
export function allocationsBox(resourceId: string): HTMLElement {
  const box = h('div', { class: 'allocations', 'aria-live': 'polite' }, h('p', { class: 'muted small' }, '正在加载去向…'));
  api<Allocation[]>(`/api/resources/${resourceId}/allocations`)
    .then((rows) =>
      mount(
        box,
        rows.length
          ? h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                null,
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    ['日期', '需求类别', '社工站', '数量'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  rows.map((a) =>
                    h(
                      'tr',
                      null,
                      h('td', null, fmtDay(a.at)),
                      h('td', null, a.needCategoryName),
                      h('td', null, a.stationName),
                      h('td', null, `${a.amount} ${a.unit}`),
                    ),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted small' }, '还没有分配记录。'),
      ),
    )
    .catch((err) => mount(box, h('p', { class: 'error small' }, messageOf(err))));
  return box;
}
