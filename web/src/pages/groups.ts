import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import type { PageContext, PageView } from '../router';
import { GROUP_STATUS_LABELS, type GroupView } from '../station-work';
import type { Page } from '../types';

const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** Group work 小组: groups with members; record a session with sign-ins by name (场次 / 人次). */
export function groupsPage(_ctx: PageContext): PageView {
  const msg = notice();
  const rows = h('div', { 'aria-busy': 'true' });
  let disposed = false;

  async function load(): Promise<void> {
    try {
      const page = await api<Page<GroupView>>('/api/groups', { query: { limit: 100 } });
      if (disposed) return;
      mount(rows, page.items.length ? page.items.map(card) : h('p', { class: 'muted' }, '还没有小组'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      rows.setAttribute('aria-busy', 'false');
    }
  }

  function card(g: GroupView): HTMLElement {
    const slot = h('div');
    const el = h(
      'section',
      { class: 'card group', 'data-group-id': g.id },
      h('h2', null, g.name, ' ', h('span', { class: 'tag' }, GROUP_STATUS_LABELS[g.status])),
      h(
        'p',
        { class: 'muted small' },
        `${g.aim} · 成员 ${g.members.length} 人 · 已开展 ${g.sessionCount}/${g.plannedSessions} 节 · 共 ${g.attendanceCount} 人次`,
      ),
      g.sessions.length
        ? h(
            'ul',
            { class: 'history' },
            g.sessions.map((s) => h('li', null, `第 ${s.no} 节 ${s.date} ${s.content}：${s.attendance.join('、') || '无人签到'}`)),
          )
        : null,
      g.status !== 'closed' ? h('button', { type: 'button', onclick: () => mount(slot, sessionForm(g, el)) }, '记录一节活动') : null,
      slot,
    );
    return el;
  }

  function sessionForm(g: GroupView, el: HTMLElement): HTMLElement {
    const date = h('input', { type: 'date', name: 'date', required: true, value: today(), max: today() });
    const content = h('input', { name: 'content', required: true, maxlength: 2000 });
    const boxes = g.members.map((m) => h('input', { type: 'checkbox', name: 'attendance', value: m.name }));
    return h(
      'form',
      {
        class: 'session-form',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          try {
            const updated = await api<GroupView>(`/api/groups/${g.id}/sessions`, {
              body: { date: date.value, content: content.value.trim(), attendance: boxes.filter((b) => b.checked).map((b) => b.value) },
            });
            msg.ok(`已记录第 ${updated.sessionCount} 节，签到 ${updated.sessions.at(-1)?.attendance.length ?? 0} 人`);
            el.replaceWith(card(updated));
          } catch (err) {
            msg.error(messageOf(err));
          }
        },
      },
      h('label', null, '日期', date),
      h('label', null, '活动内容', content),
      h(
        'fieldset',
        null,
        h('legend', null, '签到'),
        g.members.map((m, i) => h('label', { class: 'check' }, boxes[i], m.name)),
      ),
      h('button', { type: 'submit', class: 'primary' }, '保存签到'),
    );
  }

  const name = h('input', { name: 'name', required: true, maxlength: 60 });
  const aim = h('input', { name: 'aim', maxlength: 1000 });
  const members = h('textarea', { name: 'members', rows: 2, placeholder: '成员姓名，用逗号或换行分隔' });
  const planned = h('input', { type: 'number', name: 'plannedSessions', min: 1, max: 50, value: '4', required: true });
  const create = h(
    'form',
    {
      class: 'card group-create',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await api<GroupView>('/api/groups', {
            body: {
              name: name.value.trim(),
              aim: aim.value.trim(),
              plannedSessions: Number(planned.value),
              members: members.value
                .split(/[,，、\n]/u)
                .map((s) => s.trim())
                .filter(Boolean)
                .map((n) => ({ name: n })),
            },
          });
          msg.ok('小组已建立');
          create.reset();
          await load();
        } catch (err) {
          msg.error(messageOf(err));
        }
      },
    },
    h('h2', null, '建立小组'),
    h('label', null, '小组名称', name),
    h('label', null, '小组目标', aim),
    h('label', null, '成员', members),
    h('label', null, '计划节数', planned),
    h('button', { type: 'submit', class: 'primary' }, '建立'),
  );

  void load();
  return {
    title: '小组工作',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '小组工作')), msg.el, rows, create),
    dispose() {
      disposed = true;
    },
  };
}
