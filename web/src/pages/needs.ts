import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { needRow } from '../components/need-row';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { CATEGORY_LABELS, NEED_STATUS_LABELS, URGENCY_LABELS, pairs } from '../labels';
import type { PageContext, PageView } from '../router';
import type { Need, Page } from '../types';

const FILTERS = ['status', 'category', 'urgency', 'q'] as const;

/** Needs list with filters (status, category, urgency, text) and cursor paging; filters live in the URL. */
export function needsPage(ctx: PageContext): PageView {
  const msg = notice();
  const q = (k: string) => ctx.query.get(k) ?? '';
  const status = h('select', { name: 'status' }, options([['', '全部状态'], ...pairs(NEED_STATUS_LABELS)], q('status')));
  const category = h('select', { name: 'category' }, options([['', '全部类别'], ...pairs(CATEGORY_LABELS)], q('category')));
  const urgency = h('select', { name: 'urgency' }, options([['', '全部紧急程度'], ...pairs(URGENCY_LABELS)], q('urgency')));
  const text = h('input', { name: 'q', type: 'search', value: q('q'), placeholder: '标题或描述中的文字', enterkeyhint: 'search' });
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const more = h('button', { type: 'button', hidden: true }, '加载更多');
  const count = h('p', { class: 'muted small', role: 'status' });
  let cursor: string | null = null;
  let shown = 0;
  let disposed = false;

  async function load(reset: boolean): Promise<void> {
    try {
      const page = await api<Page<Need>>('/api/needs', {
        query: {
          status: q('status'),
          category: q('category'),
          urgency: q('urgency'),
          q: q('q'),
          sort: '-createdAt',
          limit: 30,
          cursor: reset ? undefined : cursor,
        },
      });
      if (disposed) return;
      if (reset) {
        list.replaceChildren();
        shown = 0;
      }
      list.append(...page.items.map(needRow));
      shown += page.items.length;
      if (!shown) mount(list, h('li', { class: 'muted' }, '没有符合条件的需求'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      count.textContent = cursor ? `已显示 ${shown} 条，还有更多` : `共 ${shown} 条`;
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
        const params = new URLSearchParams();
        const values: Record<(typeof FILTERS)[number], string> = {
          status: status.value,
          category: category.value,
          urgency: urgency.value,
          q: text.value.trim(),
        };
        for (const k of FILTERS) if (values[k]) params.set(k, values[k]);
        const s = params.toString();
        ctx.navigate(s ? `/needs?${s}` : '/needs', true);
      },
    },
    h('label', null, '状态', status),
    h('label', null, '类别', category),
    h('label', null, '紧急程度', urgency),
    h('label', { class: 'q' }, '关键词', text),
    h('button', { type: 'submit', class: 'primary' }, '筛选'),
  );

  // New or changed needs: reload the first page (keeps it simple and correct with filters).
  const off = onLiveChange(
    () => void load(true),
    (e) => e.type.startsWith('need.') || e.type.startsWith('assignment.'),
    400,
  );
  void load(true);
  return {
    title: '需求清单',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '需求清单')), form, msg.el, count, list, more),
    dispose() {
      disposed = true;
      off();
    },
  };
}
