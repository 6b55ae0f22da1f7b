import { api, messageOf } from '../api';
import { activityFeed } from '../components/board/activity-feed';
import { needCard } from '../components/board/need-card';
import { recentAssignments } from '../components/board/recent-assignments';
import { boardStats } from '../components/board/stats';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { URGENCY_RANK } from '../labels';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { Assignment, Need, Page, Suggestion } from '../types';

/** Needs that get suggestions fetched on the board; the rest link to their own page. */
const WITH_SUGGESTIONS = 12;
const TOP = 3;

/** A need's top candidates; none (with a console trace) when the request fails, so the board still renders. */
function suggestionsFor(needId: string): Promise<Suggestion[]> {
  return api<Suggestion[]>(`/api/needs/${needId}/suggestions`, { query: { top: TOP } }).catch((err: unknown) => {
    logFailure(`suggestions for need ${needId}`)(err);
    return [];
  });
}

/** Station live board: open needs by urgency and age with suggestions, assignments, live activity. */
export function boardPage(ctx: PageContext): PageView {
  const msg = notice();
  const stats = h('div', { class: 'stats' });
  const needsBox = h('div', { class: 'needs-board', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const assignmentsBox = h('div', { class: 'assignments-board' });
  const feed = activityFeed();
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
    needs = page.items.sort((a, b) => URGENCY_RANK[b.urgency] - URGENCY_RANK[a.urgency] || a.createdAt.localeCompare(b.createdAt));
    assignments = list;
    render();
    const want = needs.slice(0, WITH_SUGGESTIONS).filter((n) => fresh || !suggestions.has(n.id));
    await Promise.all(
      want.map(async (n) => {
        suggestions.set(n.id, await suggestionsFor(n.id));
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
    mount(stats, boardStats(needs, assignments));
    mount(
      needsBox,
      needs.length
        ? needs.map((n, i) =>
            needCard(n, {
              withSuggestions: i < WITH_SUGGESTIONS,
              suggestions: suggestions.get(n.id) ?? null,
              canAssign,
              onAssigned: (a) => {
                msg.ok(`已指派给 ${a.candidate.name}，等待对方回复`);
                refresh();
              },
              onError: (m) => msg.error(m),
            }),
          )
        : h('p', { class: 'empty' }, '没有待匹配的需求。新登记或导入的需求会实时出现在这里。'),
    );
    mount(assignmentsBox, recentAssignments(assignments));
  }

  const off = onLiveChange((events) => {
    feed.add(events);
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
        h('section', { class: 'card', 'aria-labelledby': 'activity' }, h('h2', { id: 'activity' }, '实时动态'), feed.el),
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
