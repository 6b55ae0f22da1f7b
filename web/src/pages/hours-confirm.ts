import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { fmtDay } from '../format';
import type { PageContext, PageView } from '../router';
import type { HoursEntry } from '../../../src/contracts/supply-views';

/**
 * The coordinator's queue of service hours to confirm: what the volunteer wrote on completing a task
 * and the hours claimed. Confirm as is, or correct the hours (the volunteer's figure is kept and the
 * change is recorded). Only confirmed hours count in reports and certificates.
 */
export function hoursConfirmPage(_ctx: PageContext): PageView {
  const msg = notice();
  const list = h('div', { class: 'stack', 'aria-busy': 'true' });
  const count = h('p', { class: 'muted small' });
  let disposed = false;

  function row(e: HoursEntry): HTMLElement {
    const hours = h('input', {
      name: 'hours',
      type: 'number',
      min: '0.5',
      max: '24',
      step: '0.5',
      value: String(e.hours),
      inputmode: 'decimal',
      'aria-label': `${e.volunteerName}的服务时长（小时）`,
    });
    const note = h('input', { name: 'note', maxlength: 200, placeholder: '更正说明（选填，最多 200 字）', 'aria-label': '更正说明' });
    const confirm = h('button', { type: 'submit', class: 'primary' }, '确认');
    const form = h(
      'form',
      {
        class: 'row hours-confirm-form',
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const n = Number(hours.value);
          if (!(n > 0 && n <= 24 && Number.isInteger(n * 2))) return msg.error('服务时长应在 0.5–24 小时之间，以 0.5 小时为单位');
          const corrected = n !== e.hours;
          confirm.disabled = true;
          confirm.textContent = '正在确认…';
          try {
            await api<HoursEntry>(`/api/volunteers/hours/${e.id}/confirm`, {
              method: 'POST',
              body: { ...(corrected ? { hours: n } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) },
            });
            msg.ok(corrected ? `已更正为 ${n} 小时并确认（原填 ${e.hours} 小时）` : `已确认 ${e.volunteerName} ${n} 小时`);
            await load();
          } catch (err) {
            msg.error(messageOf(err));
            confirm.disabled = false;
            confirm.textContent = '确认';
          }
        },
      },
      h('label', null, '时长（小时）', hours),
      note,
      confirm,
    );
    return h(
      'article',
      { class: 'card hours-card', 'data-entry-id': e.id },
      h(
        'header',
        { class: 'row between' },
        h('strong', null, e.volunteerName || '志愿者'),
        h('span', { class: 'muted small' }, `${fmtDay(e.date)} · ${e.needTitle ?? '服务任务'}`),
      ),
      h('p', null, `填报 ${e.hours} 小时`),
      h('p', { class: 'small' }, h('strong', null, '完成说明：'), e.note ?? '未填写'),
      form,
    );
  }

  async function load(): Promise<void> {
    try {
      const page = await api<{ items: HoursEntry[]; total: number }>('/api/volunteers/hours/pending', { query: { limit: 100 } });
      if (disposed) return;
      count.textContent = `待确认 ${page.total} 条`;
      mount(list, page.items.length ? page.items.map(row) : h('p', { class: 'empty' }, '没有待确认的服务时长'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  const off = onLiveChange(
    () => void load(),
    (e) => e.type === 'assignment.completed' || e.type === 'volunteer.hours_confirmed',
  );
  void load();
  return {
    title: '服务时长确认',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '服务时长确认'), count),
      h('p', { class: 'muted small' }, '志愿者完成任务时填报的时长，经社工确认后才计入统计和证明。'),
      msg.el,
      list,
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
