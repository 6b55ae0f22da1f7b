import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { needRow } from '../components/need-row';
import { notice } from '../components/notice';
import { pager } from '../components/pager';
import { stationsOf, villageOptions } from '../components/stations';
import { h, mount, options } from '../dom';
import { CATEGORY_LABELS, NEED_STATUS_LABELS, URGENCY_LABELS, pairs } from '../labels';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { Need, Page } from '../types';

const FILTERS = ['status', 'category', 'urgency', 'communityCode', 'q', 'page'] as const;
const PAGE_SIZE = 30;

/**
 * Needs list with filters (status, category, urgency, village, and a search by person, phone or its last
 * four digits, village or words), newest first, with the total and pages; filters live in the URL.
 */
export function needsPage(ctx: PageContext): PageView {
  const msg = notice();
  const q = (k: string) => ctx.query.get(k) ?? '';
  const status = h('select', { name: 'status' }, options([['', '全部状态'], ...pairs(NEED_STATUS_LABELS)], q('status')));
  const category = h('select', { name: 'category' }, options([['', '全部类别'], ...pairs(CATEGORY_LABELS)], q('category')));
  const urgency = h('select', { name: 'urgency' }, options([['', '全部紧急程度'], ...pairs(URGENCY_LABELS)], q('urgency')));
  const village = h('select', { name: 'communityCode' }, options([['', '全部村(社区)']], ''));
  const text = h('input', {
    name: 'q',
    type: 'search',
    value: q('q'),
    maxlength: 50,
    placeholder: '姓名、电话或后四位、村名、需求文字',
    enterkeyhint: 'search',
  });
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const count = h('p', { class: 'muted small', role: 'status' });
  const page = Math.max(0, Number(q('page') || 1) - 1);
  const showStation = ctx.user.role === 'admin';
  let disposed = false;

  const go = (values: Partial<Record<(typeof FILTERS)[number], string>>) => {
    const params = new URLSearchParams();
    for (const k of FILTERS) if (values[k]) params.set(k, values[k]);
    const s = params.toString();
    ctx.navigate(s ? `/needs?${s}` : '/needs', true);
  };
  const current = () => ({
    status: status.value,
    category: category.value,
    urgency: urgency.value,
    communityCode: village.value || q('communityCode'),
    q: text.value.trim(),
  });
  const pages = pager((p) => go({ ...current(), page: p > 0 ? String(p + 1) : '' }));

  void stationsOf(ctx.user)
    .then((stations) => {
      if (!disposed) mount(village, options([['', '全部村(社区)'], ...villageOptions(stations)], q('communityCode')));
    })
    .catch(logFailure('stations for the needs filters'));

  async function load(): Promise<void> {
    try {
      const res = await api<Page<Need>>('/api/needs', {
        query: {
          status: q('status'),
          category: q('category'),
          urgency: q('urgency'),
          communityCode: q('communityCode'),
          q: q('q'),
          sort: '-createdAt',
          limit: PAGE_SIZE,
          offset: page * PAGE_SIZE,
        },
      });
      if (disposed) return;
      const total = res.total ?? res.items.length;
      mount(list, res.items.length ? res.items.map((n) => needRow(n, { showStation })) : h('li', { class: 'muted' }, '没有符合条件的需求'));
      count.textContent = total ? `共 ${total} 条，按登记时间从新到旧` : '';
      pages.update(page, Math.ceil(total / PAGE_SIZE));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  const form = h(
    'form',
    {
      class: 'filters card',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        go(current());
      },
    },
    h('label', null, '状态', status),
    h('label', null, '类别', category),
    h('label', null, '紧急程度', urgency),
    h('label', null, '村(社区)', village),
    h('label', { class: 'q' }, '关键词', text),
    h('button', { type: 'submit', class: 'primary' }, '筛选'),
  );

  // New or changed needs: reload the page shown (keeps it simple and correct with filters).
  const off = onLiveChange(
    () => void load(),
    (e) => e.type.startsWith('need.') || e.type.startsWith('assignment.'),
    400,
  );
  void load();
  return {
    title: '需求清单',
    el: h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head row between' },
        h('h1', null, '需求清单'),
        ctx.user.role === 'coordinator' ? h('a', { href: '/needs/new', 'data-link': true, class: 'button primary' }, '登记需求') : null,
      ),
      form,
      msg.el,
      count,
      list,
      pages.el,
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
