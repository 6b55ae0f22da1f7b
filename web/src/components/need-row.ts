import { h } from '../dom';
import { age } from '../format';
import { CATEGORY_LABELS, label } from '../labels';
import type { Need } from '../types';
import { needWho } from './need-who';
import { needStatusTag, urgencyTag } from './tags';

/** One need in a list: urgency, title (link), status, category, groups, age. */
export function needRow(n: Need, opts: { showStation?: boolean } = {}): HTMLElement {
  return h(
    'li',
    { class: 'need-row', 'data-need-id': n.id },
    h(
      'div',
      { class: 'row between' },
      h('div', null, urgencyTag(n.urgency), ' ', h('a', { href: `/needs/${n.id}`, 'data-link': true, class: 'need-title' }, n.title)),
      needStatusTag(n.status),
    ),
    needWho(n, opts),
    h(
      'p',
      { class: 'muted small' },
      [label(CATEGORY_LABELS, n.category), n.groups.join('、'), `${age(n.createdAt)}前登记`].filter(Boolean).join(' · '),
    ),
  );
}
