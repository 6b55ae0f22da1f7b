import { h } from '../dom';
import { HOME, type PageContext, type PageView } from '../router';

/** Unknown address, or a page this role may not open. */
export function notFoundPage(ctx: PageContext): PageView {
  return {
    title: '页面不存在',
    el: h(
      'section',
      { class: 'card' },
      h('h1', null, '页面不存在'),
      h('p', null, '这个地址没有页面，或者您的账号无权查看。'),
      h('a', { href: HOME[ctx.user.role], 'data-link': true, class: 'button' }, '回到首页'),
    ),
  };
}
