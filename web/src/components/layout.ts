import { h } from '../dom';
import { ROLE_LABELS } from '../labels';
import type { Role, User } from '../types';
import { connBadge } from './conn-badge';

const NAV: Record<Role, [string, string][]> = {
  coordinator: [
    ['/board', '实时看板'],
    ['/needs', '需求清单'],
    ['/households', '服务对象'],
    ['/visits', '探访'],
    ['/cases', '个案'],
    ['/groups', '小组'],
    ['/activities', '社区活动'],
    ['/referrals', '转介'],
    ['/satisfaction', '满意度'],
    ['/stats', '工作统计'],
    ['/import', '问卷导入'],
  ],
  admin: [
    ['/county', '全县概览'],
    ['/board', '实时看板'],
    ['/needs', '需求清单'],
    ['/households', '服务对象'],
    ['/visits', '探访'],
    ['/referrals', '转介'],
    ['/stats', '工作统计'],
    ['/import', '问卷导入'],
  ],
  volunteer: [['/tasks', '我的任务']],
  organisation: [['/tasks', '我的任务']],
  charity: [['/charity', '我的资源']],
};

/** Header (brand, navigation, connection state, account, logout) around a page. */
export function layout(user: User, path: string, onLogout: () => void): { el: HTMLElement; main: HTMLElement; dispose(): void } {
  const badge = connBadge();
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': '主导航' },
    NAV[user.role].map(([href, text]) =>
      h('a', { href, 'data-link': true, 'aria-current': path === href || path.startsWith(`${href}/`) ? 'page' : undefined }, text),
    ),
  );
  const main = h('main', { class: 'main', id: 'main' });
  const el = h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: '/', 'data-link': true }, '五社联动'),
      nav,
      h(
        'div',
        { class: 'account' },
        badge.el,
        h('a', { class: 'who', href: '/account', 'data-link': true, title: `${ROLE_LABELS[user.role]} · 我的账号` }, user.displayName),
        h('button', { type: 'button', class: 'link', onclick: onLogout }, '退出'),
      ),
    ),
    main,
  );
  return { el, main, dispose: badge.dispose };
}
