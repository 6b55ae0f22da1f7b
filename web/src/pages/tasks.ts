import { api, messageOf } from '../api';
import { assignmentCard } from '../components/assignment-card';
import { keyedRenderer } from '../components/keyed';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { Assignment } from '../types';

const OPEN = new Set(['pending', 'accepted', 'in_progress']);

/** Volunteer / organisation home (phone first): my tasks, live. */
export function tasksPage(ctx: PageContext): PageView {
  const msg = notice();
  const current = h('div', { class: 'tasks', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const past = h('div', { class: 'tasks past' });
  const hello = h('p', { class: 'muted small' });
  const known = new Set<string>();
  let first = true;
  const freshIds = new Set<string>();
  let openCards: ((items: Assignment[]) => HTMLElement[]) | null = null;
  let pastCards: ((items: Assignment[]) => HTMLElement[]) | null = null;
  let disposed = false;

  async function load(): Promise<void> {
    try {
      greet();
      const list = await api<Assignment[]>('/api/assignments', { query: { limit: 100 } });
      if (disposed) return;
      const fresh = new Set(first ? [] : list.filter((a) => !known.has(a.id)).map((a) => a.id));
      fresh.forEach((id) => freshIds.add(id));
      list.forEach((a) => known.add(a.id));
      first = false;
      const card = (a: Assignment) =>
        assignmentCard(a, {
          fresh: freshIds.has(a.id),
          onChanged: (_next, text) => {
            msg.ok(text);
            void load();
          },
          onError: (m) => msg.error(m),
        });
      const open = list.filter((a) => OPEN.has(a.status));
      openCards ??= keyedRenderer((a: Assignment) => a.id, card);
      pastCards ??= keyedRenderer((a: Assignment) => a.id, card);
      mount(current, open.length ? openCards(open) : h('p', { class: 'empty' }, '目前没有待办任务。社工站指派新任务时会立即出现在这里。'));
      const done = list.filter((a) => !OPEN.has(a.status));
      mount(past, done.length ? pastCards(done.slice(0, 20)) : h('p', { class: 'muted small' }, '暂无记录'));
      if (fresh.size) msg.ok(`收到 ${fresh.size} 个新任务`);
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      current.setAttribute('aria-busy', 'false');
    }
  }

  function greet(): void {
    if (ctx.user.role !== 'volunteer') {
      hello.textContent = `${ctx.user.displayName}，您好！`;
      return;
    }
    void api<{ name: string; active: number; maxActive: number; approved: boolean }>('/api/volunteers/me')
      .then((me) => {
        hello.textContent = `${me.name}，您好！当前进行中的任务 ${me.active}/${me.maxActive}${me.approved ? '' : '（资料待社工站审核）'}`;
      })
      .catch(logFailure('greeting (volunteer profile)'));
  }

  const off = onLiveChange(
    () => void load(),
    (e) => e.type.startsWith('assignment.'),
  );
  void load();
  return {
    title: '我的任务',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '我的任务'), hello),
      msg.el,
      h('section', { 'aria-labelledby': 'todo' }, h('h2', { id: 'todo' }, '待办'), current),
      h('section', { 'aria-labelledby': 'history' }, h('h2', { id: 'history' }, '历史记录'), past),
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
