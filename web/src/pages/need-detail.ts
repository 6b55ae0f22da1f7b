import { h } from '../dom';
import type { PageContext, PageView } from '../router';

export function needDetailPage(_ctx: PageContext): PageView {
  return { title: '需求详情', el: h('div', { class: 'page' }, h('h1', null, '需求详情')) };
}
