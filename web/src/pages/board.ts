import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { suggestionList } from '../components/suggestions';
import { assignmentStatusTag, needStatusTag, urgencyTag } from '../components/tags';
import { h, mount } from '../dom';
import { age, fmtDate } from '../format';
import { CATEGORIES, EVENT_TEXT, URGENCY_RANK, label } from '../labels';
import type { LiveEvent } from '../live';
import type { PageContext, PageView } from '../router';
import type { Assignment, Need, Page, Suggestion } from '../types';

/** Needs that get suggestions fetched on the board; the rest link to their own page. */
const WITH_SUGGESTIONS = 12;
const TOP = 3;

/** Station live board: open needs by urgency and age with suggestions, assignments, live activity. */
export function boardPage(ctx: PageContext): PageView {
  const msg = notice();
  const stats = h('div', { class: 'stats' });
  const needsBox = h('div', { class: 'needs-board', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const assignmentsBox = h('div', { class: 'assignments-board' });
  const feed = h('ol', { class: 'feed', 'aria-live': 'polite' });
  const suggestions = new Map<string, Suggestion[]>();
  let needs: Need[] = [];
  let assignments: Assignment[] = [];
  let disposed = false;
  let loading: Promise<void> | null = null;
  let again = false;

  const canAssign = ctx.user.role === 'coordinator';

  async function load(fresh: boolean): Promise<void> {
    const [page, list] = await Promise.all([
      api<Page<Need>>('/api/needs', { query: { status: ['open', 'matching'], sort: '-urgency', limit: 100 } }),
      api<Assignment[]>('/api/assignments', { query: { limit: 30 } }),
    ]);
    needs = page.items.sort((a, b) => URGENCY_RANK[b.urgency]! - URGENCY_RANK[a.urgency]! || a.createdAt.localeCompare(b.createdAt));
    assignments = list;
    render();
    const want = needs.slice(0, WITH_SUGGESTIONS).filter((n) => fresh || !suggestions.has(n.id));
    await Promise.all(
      want.map(async (n) => {
        suggestions.set(n.id, await api<Suggestion[]>(`/api/needs/${n.id}/suggestions`, { query: { top: TOP } }).catch(() => []));
      }),
    );
    if (want.length) render();
  }

  /** One load at a time; events during a load schedule one more. */
  function refresh(fresh = true): void {
    if (disposed) return;
    if (loading) {
      again = true;
      return;
    }
    loading = load(fresh)
      .catch((err) => msg.error(messageOf(err)))
      .finally(() => {
        loading = null;
        needsBox.setAttribute('aria-busy', 'false');
        if (again && !disposed) {
          again = false;
          refresh(true);
        }
      });
  }

  function render(): void {
    const pending = assignments.filter((a) => a.status === 'pending').length;
    const accepted = assignments.filter((a) => a.status === 'accepted' || a.status === 'in_progress').length;
    mount(
      stats,
      stat('待匹配需求', needs.length, 'open'),
      stat('紧急', needs.filter((n) => n.urgency === 'critical' || n.urgency === 'high').length, 'urgent'),
      stat('等待回复', pending, 'pending'),
      stat('进行中', accepted, 'accepted'),
    );
    mount(
      needsBox,
      needs.length
        ? needs.map((n, i) =>
            h(
              'article',
              { class: `need-card urgency-${n.urgency}`, 'data-need-id': n.id },
              h(
                'header',
                { class: 'row between' },
                h(
                  'div',
                  null,
                  urgencyTag(n.urgency),
                  ' ',
                  h('a', { href: `/needs/${n.id}`, 'data-link': true, class: 'need-title' }, n.title),
                ),
                needStatusTag(n.status),
              ),
              h(
                'p',
                { class: 'muted small' },
                `${label(CATEGORIES, n.category)} · 已等待 ${age(n.createdAt)} · 登记于 ${fmtDate(n.createdAt)}`,
              ),
              n.groups.length
                ? h(
                    'p',
                    { class: 'small' },
                    n.groups.map((g) => h('span', { class: 'tag soft' }, g)),
                  )
                : null,
              i < WITH_SUGGESTIONS
                ? suggestionList(n.id, suggestions.get(n.id) ?? null, {
                    canAssign,
                    onAssigned: (a) => {
                      msg.ok(`已指派给 ${a.candidate.name}，等待对方回复`);
                      refresh();
                    },
                    onError: (m) => msg.error(m),
                  })
                : h('a', { href: `/needs/${n.id}`, 'data-link': true, class: 'small' }, '查看推荐人选 →'),
            ),
          )
        : h('p', { class: 'empty' }, '没有待匹配的需求。新登记或导入的需求会实时出现在这里。'),
    );
    mount(
      assignmentsBox,
      assignments.length
        ? h(
            'ul',
            { class: 'list' },
            assignments.map((a) =>
              h(
                'li',
                { 'data-assignment-id': a.id, 'data-status': a.status },
                h(
                  'div',
                  { class: 'row between' },
                  h('a', { href: `/needs/${a.needId}`, 'data-link': true }, a.needTitle ?? '需求'),
                  assignmentStatusTag(a.status),
                ),
                h(
                  'p',
                  { class: 'muted small' },
                  `${a.candidate.name} · ${fmtDate(a.updatedAt)}`,
                  a.declineReason ? ` · 婉拒原因：${a.declineReason}` : '',
                ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, '还没有指派记录。'),
    );
  }

  function addToFeed(events: LiveEvent[]): void {
    for (const e of events) {
      const p = e.payload as { title?: string; needTitle?: string; candidate?: { name?: string } };
      const what = p.title ?? p.needTitle ?? p.candidate?.name ?? '';
      feed.prepend(
        h(
          'li',
          { 'data-event': e.type },
          h('time', null, fmtDate(e.at).slice(11)),
          ' ',
          EVENT_TEXT[e.type] ?? e.type,
          what ? `：${what}` : '',
        ),
      );
    }
    while (feed.children.length > 30) feed.lastElementChild?.remove();
  }

  const off = onLiveChange((events) => {
    addToFeed(events);
    refresh(true);
  });
  refresh(false);

  const el = h(
    'div',
    { class: 'page board' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, '实时看板'),
      h('p', { class: 'muted small' }, '按紧急程度和等待时间排列；新需求、指派和回复会实时更新，无需刷新。'),
    ),
    msg.el,
    stats,
    h(
      'div',
      { class: 'board-grid' },
      h('section', { 'aria-labelledby': 'open-needs' }, h('h2', { id: 'open-needs' }, '待匹配需求与推荐'), needsBox),
      h(
        'aside',
        null,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'recent-assignments' },
          h('h2', { id: 'recent-assignments' }, '指派与回复'),
          assignmentsBox,
        ),
        h('section', { class: 'card', 'aria-labelledby': 'activity' }, h('h2', { id: 'activity' }, '实时动态'), feed),
      ),
    ),
  );
  return {
    title: '实时看板',
    el,
    dispose() {
      disposed = true;
      off();
    },
  };
}

function stat(text: string, n: number, key: string): HTMLElement {
  return h('div', { class: 'stat', 'data-stat': key }, h('strong', null, String(n)), h('span', null, text));
}
