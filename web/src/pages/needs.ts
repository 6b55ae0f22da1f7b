import { h } from '../dom';
import type { PageContext, PageView } from '../router';

export function needsPage(_ctx: PageContext): PageView {
  return { title: '需求清单', el: h('div', { class: 'page' }, h('h1', null, '需求清单')) };
}
