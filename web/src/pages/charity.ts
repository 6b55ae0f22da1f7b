import { h } from '../dom';
import type { PageContext, PageView } from '../router';

export function charityPage(_ctx: PageContext): PageView {
  return { title: '我的资源', el: h('div', { class: 'page' }, h('h1', null, '我的资源')) };
}
