import { api, messageOf } from '../api';
import { h, mount } from '../dom';
import type { Household } from '../people';
import type { Page } from '../types';

/**
 * Finds a household by head or member name, full phone, the phone's last four digits or village,
 * and lets the user pick one. `onPick` receives the household chosen.
 */
export function householdPicker(opts: { label?: string; onPick(h: Household): void }): { el: HTMLElement; clear(): void } {
  const q = h('input', {
    name: 'householdQuery',
    type: 'search',
    maxlength: 30,
    placeholder: '姓名、电话或后四位、村名',
    enterkeyhint: 'search',
  });
  const results = h('ul', { class: 'list picker-results' });
  const chosen = h('p', { class: 'small picked', role: 'status' });
  const button = h('button', { type: 'button' }, '查找');
  async function search(): Promise<void> {
    const text = q.value.trim();
    if (!text) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<Household>>('/api/households', { query: { q: text, limit: 10 } });
      mount(
        results,
        page.items.length
          ? page.items.map((x) =>
              h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    onclick: () => {
                      chosen.textContent = `已选：${x.headName}（${x.phone ?? '无电话'}）`;
                      mount(results);
                      opts.onPick(x);
                    },
                  },
                  `${x.headName} · ${x.phone ?? '无电话'} · ${x.address}`,
                ),
              ),
            )
          : h('li', { class: 'muted' }, '没有找到'),
      );
    } catch (err) {
      mount(results, h('li', { class: 'error' }, messageOf(err)));
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
  button.addEventListener('click', () => void search());
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void search();
    }
  });
  return {
    el: h(
      'div',
      { class: 'stack household-picker' },
      h('label', null, opts.label ?? '服务对象户', h('div', { class: 'row' }, q, button)),
      results,
      chosen,
    ),
    clear: () => {
      q.value = '';
      chosen.textContent = '';
      mount(results);
    },
  };
}
