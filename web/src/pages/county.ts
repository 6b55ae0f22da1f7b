import { h } from '../dom';
import type { PageContext, PageView } from '../router';

export function countyPage(_ctx: PageContext): PageView {
  return { title: '全县概览', el: h('div', { class: 'page' }, h('h1', null, '全县概览')) };
}
