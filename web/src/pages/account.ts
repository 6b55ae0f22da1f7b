import { api, messageOf } from '../api';
import { whileBusy, submitterOf } from '../components/busy';
import { clearFieldErrors, showFieldErrors, field } from '../components/form-errors';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import type { PageContext, PageView } from '../router';
import { HOME } from '../router';
import { session, type TokenAnswer } from '../session';

/** The password policy the server applies (src/auth/password-policy.ts), shown next to the field. */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 200;
const POLICY_HINT = `至少 ${PASSWORD_MIN} 位，不能是常见密码，不能包含账号或手机号`;

interface AccountLine {
  id: string;
  username: string;
  role: string;
  displayName: string;
  stationCode?: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

/** 我的账号: change one's password, sign out on every device; the county admin resets coordinators' passwords. */
export function accountPage(ctx: PageContext): PageView {
  const msg = notice();
  const forced = Boolean(ctx.user.mustChangePassword);

  const oldPassword = h('input', {
    name: 'oldPassword',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: PASSWORD_MAX,
  });
  const newPassword = h('input', {
    name: 'newPassword',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minlength: PASSWORD_MIN,
    maxlength: PASSWORD_MAX,
  });
  const again = h('input', { name: 'again', type: 'password', autocomplete: 'new-password', required: true, maxlength: PASSWORD_MAX });
  const passwordForm = h(
    'form',
    {
      class: 'card stack password-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(passwordForm);
        msg.clear();
        if (newPassword.value !== again.value) {
          again.setCustomValidity('两次输入的新密码不一致');
          again.reportValidity();
          return;
        }
        try {
          const pair = await whileBusy(submitterOf(e), '正在保存…', () =>
            api<TokenAnswer>('/api/auth/password', { body: { oldPassword: oldPassword.value, newPassword: newPassword.value } }),
          );
          session.adopt(pair);
          passwordForm.reset();
          msg.ok('密码已修改，其他设备上的登录已退出');
          if (forced) ctx.navigate(HOME[pair.user.role], true);
        } catch (err) {
          msg.error(showFieldErrors(passwordForm, err));
        }
      },
    },
    h('h2', null, forced ? '请先设置新密码' : '修改密码'),
    forced ? h('p', { class: 'warn' }, '管理员已重置您的密码。设置自己的新密码后才能继续使用。') : null,
    h('label', null, '原密码', oldPassword),
    field('新密码', newPassword, POLICY_HINT),
    h('label', null, '再次输入新密码', again),
    h('button', { type: 'submit', class: 'primary' }, '保存新密码'),
  );
  again.addEventListener('input', () => again.setCustomValidity(''));

  const everywhere = h(
    'section',
    { class: 'card stack' },
    h('h2', null, '在所有设备上退出'),
    h('p', { class: 'muted small' }, '手机、电脑上本账号的登录和实时连接都会立即失效，需要重新登录。'),
    h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async (e: Event) => {
          try {
            await whileBusy(e.currentTarget as HTMLButtonElement, '正在退出…', () =>
              api('/api/auth/logout-everywhere', { method: 'POST' }),
            );
            session.clear();
          } catch (err) {
            msg.error(messageOf(err));
          }
        },
      },
      '在所有设备上退出',
    ),
  );

  const coordinators = h('div', { 'aria-busy': 'true' });
  async function loadCoordinators(): Promise<void> {
    try {
      const accounts = (await api<AccountLine[]>('/api/users')).filter((u) => u.role === 'coordinator');
      mount(
        coordinators,
        accounts.length ? h('ul', { class: 'list' }, accounts.map(resetRow)) : h('p', { class: 'muted' }, '本县还没有驻站社工账号'),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      coordinators.setAttribute('aria-busy', 'false');
    }
  }

  function resetRow(u: AccountLine): HTMLElement {
    const password = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minlength: PASSWORD_MIN,
      maxlength: PASSWORD_MAX,
      'aria-label': `${u.displayName}的新密码`,
    });
    const state = h('span', { class: 'muted small' }, u.mustChangePassword ? '待本人改密码' : '');
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'row reset-form',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          try {
            await whileBusy(submitterOf(e), '正在重置…', () => api(`/api/users/${u.id}/password`, { body: { password: password.value } }));
            form.reset();
            clearFieldErrors(form);
            state.textContent = '待本人改密码';
            msg.ok(`已重置“${u.displayName}”的密码，对方下次登录时须设置新密码`);
          } catch (err) {
            msg.error(showFieldErrors(form, err));
          }
        },
      },
      password,
      h('button', { type: 'submit' }, '重置密码'),
    );
    return h(
      'li',
      { class: 'stack', 'data-username': u.username },
      h('strong', null, u.displayName),
      h('span', { class: 'muted small' }, '账号 ', h('span', { 'data-code': true }, u.username)),
      state,
      form,
    );
  }

  const isAdmin = ctx.user.role === 'admin';
  if (isAdmin) void loadCoordinators();
  return {
    title: '我的账号',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '我的账号')),
      msg.el,
      passwordForm,
      forced ? null : everywhere,
      isAdmin && !forced
        ? h(
            'section',
            { class: 'card stack' },
            h('h2', null, '驻站社工账号'),
            h('p', { class: 'muted small' }, `新密码同样须${POLICY_HINT}。`),
            coordinators,
          )
        : null,
    ),
  };
}
