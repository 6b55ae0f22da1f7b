import { h } from '../../dom';
import { age, fmtDate } from '../../format';
import { CATEGORY_LABELS, label } from '../../labels';
import type { Assignment, Need, Suggestion } from '../../types';
import { suggestionList } from '../suggestions';
import { needWho } from '../need-who';
import { needStatusTag, urgencyTag } from '../tags';

export interface NeedCardOptions {
  /** Whether the card shows suggestions (fetched for the first needs only); otherwise it links to the need's page. */
  withSuggestions: boolean;
  /** null while they are being fetched. */
  suggestions: Suggestion[] | null;
  canAssign: boolean;
  /** The county admin's board says which station each card belongs to. */
  showStation: boolean;
  onAssigned(a: Assignment): void;
  onError(message: string): void;
}

/** One open need on the board: urgency, title, status, category and age, and its top candidates. */
export function needCard(n: Need, opts: NeedCardOptions): HTMLElement {
  return h(
    'article',
    { class: `need-card urgency-${n.urgency}`, 'data-need-id': n.id },
    h(
      'header',
      { class: 'row between' },
      h('div', null, urgencyTag(n.urgency), ' ', h('a', { href: `/needs/${n.id}`, 'data-link': true, class: 'need-title' }, n.title)),
      needStatusTag(n.status),
    ),
    needWho(n, { showStation: opts.showStation }),
    h('p', { class: 'muted small' }, `${label(CATEGORY_LABELS, n.category)} · 已等待 ${age(n.createdAt)} · 登记于 ${fmtDate(n.createdAt)}`),
    n.groups.length
      ? h(
          'p',
          { class: 'small' },
          n.groups.map((g) => h('span', { class: 'tag soft' }, g)),
        )
      : null,
    opts.withSuggestions
      ? suggestionList(n.id, opts.suggestions, opts)
      : h('a', { href: `/needs/${n.id}`, 'data-link': true, class: 'small' }, '查看推荐人选 →'),
  );
}
