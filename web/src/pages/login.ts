import { notice } from '../components/notice';
import { h } from '../dom';
import type { PageView } from '../router';
import { session } from '../session';
import type { User } from '../types';

/** Sign-in for every role (社工、管理员用账号；志愿者、社会组织、慈善组织用手机号). */
export function loginPage(opts: { onSignedIn(user: User): void }): PageView {
  const username = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'off',
    spellcheck: 'false',
  });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, '登录');
  const msg = notice();
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        msg.clear();
        submit.disabled = true;
        submit.textContent = '正在登录…';
        try {
          const s = await session.login(username.value.trim(), password.value);
          opts.onSignedIn(s.user);
        } catch (err) {
          msg.error(err instanceof Error ? err.message : '登录失败');
          submit.disabled = false;
          submit.textContent = '登录';
        }
      },
    },
    h('h1', null, '五社联动 · 社工站工作台'),
    h('p', { class: 'muted' }, '驻站社工、县级管理员、志愿者、社会组织和慈善组织都从这里登录。'),
    h('label', { for: 'username' }, '账号或手机号'),
    username,
    h('label', { for: 'password' }, '密码'),
    password,
    msg.el,
    submit,
    h('p', { class: 'small' }, '想成为志愿者或入驻的社会组织？', h('a', { href: '/register', 'data-link': true }, '在线注册')),
  );
  return { title: '登录', el: h('div', { class: 'login-wrap' }, form) };
}
