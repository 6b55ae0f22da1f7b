import { api, messageOf } from '../api';
import { householdPicker } from '../components/household-picker';
import { notice } from '../components/notice';
import { referralAnswerForm, referralForm } from '../components/referral-forms';
import { h, mount, options } from '../dom';
import { fmtDay } from '../format';
import { pairs } from '../labels';
import { REFERRAL_STATUS_LABELS, type Referral } from '../people';
import type { PageContext, PageView } from '../router';
import type { Page } from '../types';

/** 转介: referrals to offices and organisations, their answers and outcomes (the closed loop). */
export function referralsPage(ctx: PageContext): PageView {
  const msg = notice();
  const status = h(
    'select',
    { name: 'status' },
    options([['', '全部状态'], ...pairs(REFERRAL_STATUS_LABELS)], ctx.query.get('status') ?? ''),
  );
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const names = new Map<string, string>();
  let disposed = false;

  function row(r: Referral): HTMLElement {
    const slot = h('div');
    const el = h(
      'li',
      { class: 'referral-row', 'data-referral-id': r.id, 'data-status': r.status },
      h(
        'div',
        { class: 'row between' },
        h('strong', null, `转介到${r.target.name}`),
        h('span', { class: `tag referral-${r.status}` }, REFERRAL_STATUS_LABELS[r.status]),
      ),
      h('p', null, r.request),
      h(
        'p',
        { class: 'muted small' },
        h('a', { href: `/households/${r.householdId}`, 'data-link': true }, names.get(r.householdId) ?? '服务对象档案'),
        ' · ',
        `${fmtDay(r.sentAt)} 转介 · 应于 ${fmtDay(r.answerDueAt)} 前回复`,
      ),
      r.answer ? h('p', { class: 'answer' }, `回复（${fmtDay(r.answeredAt)}）：${r.answer}`) : null,
      ['sent', 'no_answer', 'accepted'].includes(r.status)
        ? h(
            'button',
            {
              type: 'button',
              class: 'small',
              onclick: () =>
                mount(
                  slot,
                  referralAnswerForm(r, msg, (u) => el.replaceWith(row(u))),
                ),
            },
            '登记回复',
          )
        : null,
      slot,
    );
    return el;
  }

  async function load(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<Referral>>('/api/referrals', { query: { status: status.value, limit: 100 } });
      if (disposed) return;
      mount(list, page.items.length ? page.items.map(row) : h('li', { class: 'muted' }, '没有转介记录'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  status.addEventListener('change', () => void load());

  let householdId: string | null = null;
  const picker = householdPicker({
    onPick: (x) => {
      householdId = x.id;
      names.set(x.id, x.headName);
    },
  });
  const form = referralForm({
    householdId: () => householdId,
    msg,
    extra: picker.el,
    onSent: () => {
      householdId = null;
      picker.clear();
      void load();
    },
  });

  void load();
  return {
    title: '转介',
    el: h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', null, '转介')),
      msg.el,
      h('div', { class: 'filters card' }, h('label', null, '状态', status)),
      list,
      form,
    ),
    dispose() {
      disposed = true;
    },
  };
}
