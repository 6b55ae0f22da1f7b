import { api } from '../api';
import { h, options } from '../dom';
import { REFERRAL_ANSWER_LABELS, REFERRAL_TARGET_LABELS, type Referral } from '../people';
import { pairs } from '../labels';
import { submitterOf, whileBusy } from './busy';
import { clearFieldErrors, showFieldErrors, field } from './form-errors';
import type { Notice } from './notice';

/** Limits the server enforces on a referral (src/referrals/schema.ts). */
const NAME_MAX = 60;
const TEXT_MAX = 2000;

/**
 * A referral to an office or organisation. The household comes from `householdId()` (fixed on a
 * household page, picked on the referrals page); `onSent` receives the referral created.
 */
export function referralForm(opts: {
  householdId(): string | null;
  msg: Notice;
  onSent(r: Referral): void;
  extra?: HTMLElement;
}): HTMLFormElement {
  const kind = h('select', { name: 'target.kind', required: true }, options(pairs(REFERRAL_TARGET_LABELS), 'civil_affairs'));
  const name = h('input', { name: 'target.name', maxlength: NAME_MAX, placeholder: '转介到社会组织时必填' });
  const request = h('textarea', {
    name: 'request',
    rows: 3,
    required: true,
    maxlength: TEXT_MAX,
    placeholder: '转介事项，如：申请残疾人两项补贴',
  });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card stack referral-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        const householdId = opts.householdId();
        if (!householdId) {
          opts.msg.error('请先查找并选择服务对象户');
          return;
        }
        try {
          const created = await whileBusy(submitterOf(e), '正在转介…', () =>
            api<Referral>('/api/referrals', {
              body: {
                householdId,
                target: { kind: kind.value, ...(name.value.trim() ? { name: name.value.trim() } : {}) },
                request: request.value.trim(),
              },
            }),
          );
          form.reset();
          opts.msg.ok(`已转介到${created.target.name}，请在 ${created.answerDueAt.slice(0, 10)} 前跟进回复`);
          opts.onSent(created);
        } catch (err) {
          opts.msg.error(showFieldErrors(form, err));
        }
      },
    },
    h('h2', null, '发起转介'),
    opts.extra ?? null,
    h('label', null, '转介到', kind),
    field('机构名称', name, `最多 ${NAME_MAX} 个字`),
    field('转介事项', request, `最多 ${TEXT_MAX} 个字`),
    h('button', { type: 'submit', class: 'primary' }, '转介'),
  );
  return form;
}

/** Records the answer of the office (accepted, resolved, refused) to an open referral. */
export function referralAnswerForm(r: Referral | { id: string }, msg: Notice, onAnswered: (r: Referral) => void): HTMLFormElement {
  const to = h('select', { name: 'to', required: true }, options(pairs(REFERRAL_ANSWER_LABELS), 'accepted'));
  const answer = h('textarea', { name: 'answer', rows: 2, required: true, maxlength: TEXT_MAX, placeholder: '对方的答复' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'stack answer-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        try {
          const updated = await whileBusy(submitterOf(e), '正在保存…', () =>
            api<Referral>(`/api/referrals/${r.id}/answer`, { body: { to: to.value, answer: answer.value.trim() } }),
          );
          msg.ok('已登记转介回复');
          onAnswered(updated);
        } catch (err) {
          msg.error(showFieldErrors(form, err));
        }
      },
    },
    h('label', null, '回复结果', to),
    h('label', null, '回复内容', answer),
    h('button', { type: 'submit', class: 'primary' }, '登记回复'),
  );
  return form;
}
