import { api, messageOf } from '../api';
import { allocationsBox } from '../components/allocations';
import { keyedRenderer } from '../components/keyed';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { resourceForm } from '../components/resource-form';
import { h, mount } from '../dom';
import { fmtDay } from '../format';
import { logFailure } from '../log-failure';
import { RESOURCE_KIND_LABELS, RESOURCE_STATUS_LABELS, label } from '../labels';
import type { PageContext, PageView } from '../router';
import type { Page, Resource } from '../types';

/** Charity home: post and edit resources, see where they went. */
export function charityPage(_ctx: PageContext): PageView {
  const msg = notice();
  const hello = h('p', { class: 'muted small' });
  const list = h('div', { class: 'resources', 'aria-busy': 'true' });
  let disposed = false;
  const cards = keyedRenderer(
    (r: Resource) => r.id,
    (r) => card(r),
  );

  async function load(): Promise<void> {
    try {
      const page = await api<Page<Resource>>('/api/resources', { query: { limit: 100 } });
      if (disposed) return;
      mount(list, page.items.length ? cards(page.items) : h('p', { class: 'empty' }, '还没有发布资源。'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function card(r: Resource): HTMLElement {
    const extra = h('div');
    const edit = h('button', { type: 'button', class: 'small' }, '编辑');
    const where = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false' }, `去向（${r.allocationCount}）`);
    const withdraw = h('button', { type: 'button', class: 'small' }, '撤回');
    edit.hidden = withdraw.hidden = r.status === 'withdrawn';
    edit.addEventListener('click', () =>
      mount(
        extra,
        resourceForm({
          resource: r,
          submitText: '保存',
          onCancel: () => extra.replaceChildren(),
          onSubmit: async (body, button) => {
            button.disabled = true;
            try {
              await api<Resource>(`/api/resources/${r.id}`, { method: 'PATCH', body });
              msg.ok(`已保存「${String(body.title)}」`);
              void load();
            } catch (err) {
              msg.error(messageOf(err));
              button.disabled = false;
            }
          },
        }),
      ),
    );
    where.addEventListener('click', () => {
      const open = where.getAttribute('aria-expanded') === 'true';
      where.setAttribute('aria-expanded', String(!open));
      if (open) extra.replaceChildren();
      else mount(extra, h('h3', { class: 'small' }, '资源去向（不含服务对象信息）'), allocationsBox(r.id));
    });
    withdraw.addEventListener('click', async () => {
      if (withdraw.dataset.confirm !== 'yes') {
        withdraw.dataset.confirm = 'yes';
        withdraw.textContent = '确认撤回？';
        withdraw.className = 'small danger';
        return;
      }
      withdraw.disabled = true;
      try {
        await api<Resource>(`/api/resources/${r.id}/withdraw`, { method: 'POST' });
        msg.ok(`已撤回「${r.title}」`);
        void load();
      } catch (err) {
        msg.error(messageOf(err));
      }
    });
    const used = r.quantity.amount ? Math.round(((r.quantity.amount - r.remaining.amount) / r.quantity.amount) * 100) : 0;
    return h(
      'article',
      { class: 'card resource', 'data-resource-id': r.id, 'data-status': r.status },
      h(
        'div',
        { class: 'row between' },
        h('strong', null, r.title),
        h('span', { class: `tag rstatus-${r.status}` }, label(RESOURCE_STATUS_LABELS, r.status)),
      ),
      h(
        'p',
        { class: 'muted small' },
        [
          label(RESOURCE_KIND_LABELS, r.kind),
          r.categoryName,
          `发布于 ${fmtDay(r.createdAt)}`,
          r.expiresAt ? `有效期至 ${fmtDay(r.expiresAt)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      r.description ? h('p', { class: 'small' }, r.description) : null,
      h(
        'div',
        { class: 'score' },
        h('span', { class: 'bar' }, h('i', { style: `width:${used}%` })),
        h('span', { class: 'small' }, `剩余 ${r.remaining.amount}/${r.quantity.amount} ${r.quantity.unit}`),
      ),
      h('div', { class: 'row' }, edit, where, withdraw),
      extra,
    );
  }

  const post = resourceForm({
    submitText: '发布',
    onSubmit: async (body, button) => {
      button.disabled = true;
      try {
        const r = await api<Resource>('/api/resources', { body });
        msg.ok(`已发布「${r.title}」，社工站可以分配给有需要的家庭`);
        post.reset();
        void load();
      } catch (err) {
        msg.error(messageOf(err));
      } finally {
        button.disabled = false;
      }
    },
  });

  void api<{ name: string }>('/api/charities/me')
    .then((me) => (hello.textContent = `${me.name}：感谢您的爱心。资源的去向只显示类别、社工站、日期和数量，不显示受助家庭信息。`))
    .catch(logFailure('greeting (charity profile)'));
  const off = onLiveChange(
    () => void load(),
    (e) => e.type.startsWith('resource.'),
    300,
  );
  void load();
  return {
    title: '我的资源',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '我的资源'), hello),
      msg.el,
      h('details', { class: 'card', open: true }, h('summary', null, h('strong', null, '发布新资源')), post),
      h('h2', null, '已发布的资源'),
      list,
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
