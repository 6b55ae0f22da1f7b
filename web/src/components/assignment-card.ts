import { api, messageOf } from '../api';
import { h } from '../dom';
import { fmtDate } from '../format';
import { CATEGORY_LABELS, label } from '../labels';
import type { Assignment } from '../types';
import { assignmentStatusTag } from './tags';

/** One task on a volunteer's or organisation's phone: accept / decline with a reason / complete with hours. */
export function assignmentCard(
  a: Assignment,
  opts: { fresh: boolean; onChanged(a: Assignment, message: string): void; onError(message: string): void },
): HTMLElement {
  const actions = h('div', { class: 'actions' });
  const act = async (button: HTMLButtonElement, path: string, body: unknown, done: string) => {
    button.disabled = true;
    try {
      const next = await api<Assignment>(`/api/assignments/${a.id}/${path}`, { method: 'POST', body });
      opts.onChanged(next, done);
    } catch (err) {
      opts.onError(messageOf(err));
      button.disabled = false;
    }
  };

  if (a.status === 'pending') {
    const accept = h('button', { type: 'button', class: 'primary' }, '接受');
    accept.addEventListener('click', () => act(accept, 'accept', {}, '已接受任务，服务对象信息已显示'));
    const reason = h('textarea', {
      name: 'reason',
      rows: 2,
      placeholder: '例如：这周要去外地，无法上门',
      'aria-label': '婉拒原因',
      required: true,
      maxlength: 200,
    });
    const confirm = h('button', { type: 'submit', class: 'danger' }, '确认婉拒');
    const declineForm = h(
      'form',
      {
        class: 'stack',
        hidden: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!reason.value.trim()) return opts.onError('请填写婉拒原因');
          void act(confirm, 'decline', { reason: reason.value.trim() }, '已婉拒，社工站会另行安排');
        },
      },
      h('label', null, '婉拒原因（必填）', reason),
      confirm,
    );
    const decline = h('button', { type: 'button' }, '婉拒');
    decline.addEventListener('click', () => {
      declineForm.hidden = !declineForm.hidden;
      if (!declineForm.hidden) reason.focus();
    });
    actions.append(h('div', { class: 'row' }, accept, decline), declineForm);
  } else if (a.status === 'accepted' || a.status === 'in_progress') {
    const hours = h('input', {
      name: 'hours',
      type: 'number',
      min: '0.5',
      max: '24',
      step: '0.5',
      value: '1',
      inputmode: 'decimal',
      required: true,
    });
    const feedback = h('input', { name: 'feedback', maxlength: 200, placeholder: '服务情况（选填）' });
    const complete = h('button', { type: 'submit', class: 'primary' }, '完成服务');
    const form = h(
      'form',
      {
        class: 'complete-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const n = Number(hours.value);
          if (!(n > 0)) return opts.onError('请填写服务时长（小时）');
          void act(complete, 'complete', { hours: n, feedback: feedback.value.trim() || undefined }, `已完成，登记服务 ${n} 小时`);
        },
      },
      h('label', null, '服务时长（小时）', hours),
      h('label', null, '服务情况', feedback),
      complete,
    );
    if (a.status === 'accepted') {
      const start = h('button', { type: 'button' }, '开始服务');
      start.addEventListener('click', () => act(start, 'start', {}, '已开始服务'));
      actions.append(h('div', { class: 'row' }, start));
    }
    actions.append(form);
  }

  const b = a.beneficiary;
  const when = whenText(a.schedule);
  return h(
    'article',
    { class: `task-card${opts.fresh ? ' fresh' : ''}`, 'data-assignment-id': a.id, 'data-status': a.status },
    h(
      'header',
      { class: 'row between' },
      h('strong', null, a.needTitle ?? label(CATEGORY_LABELS, a.needCategory)),
      assignmentStatusTag(a.status),
    ),
    h(
      'p',
      { class: 'muted small' },
      [label(CATEGORY_LABELS, a.needCategory), a.communityName ?? '', distanceText(a.approxDistanceKm), `指派于 ${fmtDate(a.createdAt)}`]
        .filter(Boolean)
        .join(' · '),
    ),
    a.needDescription ? h('p', { class: 'task-what' }, a.needDescription) : null,
    when ? h('p', { class: 'small task-when' }, h('strong', null, '时间：'), when) : null,
    a.status === 'pending' && a.respondBy ? h('p', { class: 'small warn' }, `请在 ${fmtDate(a.respondBy)} 前回复`) : null,
    a.reasons.length
      ? h(
          'ul',
          { class: 'reasons' },
          a.reasons.slice(0, 3).map((r) => h('li', null, r.text)),
        )
      : null,
    b
      ? h(
          'div',
          { class: 'beneficiary' },
          h('p', null, h('strong', null, '服务对象：'), b.name),
          b.phone ? h('p', null, h('strong', null, '电话：'), h('a', { href: `tel:${b.phone}` }, b.phone)) : null,
          h('p', null, h('strong', null, '地址：'), b.address),
        )
      : a.status === 'pending'
        ? h('p', { class: 'muted small' }, '接受后可看到服务对象的姓名、电话和地址。')
        : null,
    a.declineReason ? h('p', { class: 'small' }, `婉拒原因：${a.declineReason}`) : null,
    a.hours !== null ? h('p', { class: 'small' }, `服务时长：${a.hours} 小时（社工确认后计入累计时长）`) : null,
    actions,
  );
}

const DAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The time window or due date of a task, in words ("周二、周四 09:00–11:00；11月20日前"). */
export function whenText(schedule: Assignment['schedule']): string {
  if (!schedule) return '';
  const parts: string[] = [];
  const byTime = new Map<string, number[]>();
  for (const w of schedule.windows) byTime.set(`${w.start}–${w.end}`, [...(byTime.get(`${w.start}–${w.end}`) ?? []), w.day]);
  for (const [time, days] of byTime) {
    const sorted = [...new Set(days)].sort((x, y) => ((x + 6) % 7) - ((y + 6) % 7));
    parts.push(`${sorted.length === 7 ? '每天' : sorted.map((d) => DAY_NAMES[d]).join('、')} ${time}`);
  }
  if (schedule.dueBy) {
    const d = new Date(schedule.dueBy);
    parts.push(`${d.getMonth() + 1}月${d.getDate()}日前完成`);
  }
  return parts.join('；');
}

/** An approximate distance in whole kilometres (the exact place is disclosed only after accepting). */
export function distanceText(km: number | null): string {
  if (km === null) return '';
  return km < 1 ? '距您不到 1 公里' : `距您约 ${Math.round(km)} 公里`;
}
