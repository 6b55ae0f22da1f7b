import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { villageNames, type Household } from '../people';
import type { PageContext, PageView } from '../router';
import type { Page } from '../types';

/** 服务对象: find a household by name, phone (or its last four digits) or village, and open its profile. */
export function householdsPage(ctx: PageContext): PageView {
  const msg = notice();
  const text = h('input', {
    name: 'q',
    type: 'search',
    value: ctx.query.get('q') ?? '',
    maxlength: 30,
    placeholder: '姓名、电话或后四位、村名',
    enterkeyhint: 'search',
  });
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const more = h('button', { type: 'button', hidden: true }, '加载更多');
  const count = h('p', { class: 'muted small', role: 'status' });
  let villages = new Map<string, string>();
  let cursor: string | null = null;
  let shown = 0;
  let disposed = false;

  function row(x: Household): HTMLElement {
    return h(
      'li',
      { class: 'household-row', 'data-household-id': x.id },
      h(
        'div',
        { class: 'row between' },
        h('a', { href: `/households/${x.id}`, 'data-link': true }, x.headName),
        x.keyTarget ? h('span', { class: 'tag' }, '重点对象') : null,
      ),
      h(
        'p',
        { class: 'muted small' },
        [villages.get(x.communityCode), x.phone, x.groups.join('、'), `${x.members.length} 名成员`].filter(Boolean).join(' · '),
      ),
    );
  }

  async function load(reset: boolean): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    try {
      if (!villages.size) villages = await villageNames(ctx.user);
      const page = await api<Page<Household>>('/api/households', {
        query: { q: ctx.query.get('q') ?? '', limit: 30, cursor: reset ? undefined : cursor },
      });
      if (disposed) return;
      if (reset) {
        list.replaceChildren();
        shown = 0;
      }
      list.append(...page.items.map(row));
      shown += page.items.length;
      if (!shown) mount(list, h('li', { class: 'muted' }, '没有找到服务对象户'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      count.textContent = cursor ? `已显示 ${shown} 户，还有更多` : `共 ${shown} 户`;
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  more.addEventListener('click', () => void load(false));

  const form = h(
    'form',
    {
      class: 'filters card',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const q = text.value.trim();
        ctx.navigate(q ? `/households?q=${encodeURIComponent(q)}` : '/households', true);
      },
    },
    h('label', { class: 'q' }, '查找服务对象', text),
    h('button', { type: 'submit', class: 'primary' }, '查找'),
  );

  void load(true);
  return {
    title: '服务对象',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '服务对象')), form, msg.el, count, list, more),
    dispose() {
      disposed = true;
    },
  };
}
