import { api, messageOf } from '../api';
import { activityFeed } from '../components/board/activity-feed';
import { needCard } from '../components/board/need-card';
import { recentAssignments } from '../components/board/recent-assignments';
import { boardStats } from '../components/board/stats';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { pager } from '../components/pager';
import { stationsOf, villageOptions } from '../components/stations';
import { h, mount, options } from '../dom';
import { CATEGORY_LABELS, URGENCY_LABELS, pairs } from '../labels';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { Assignment, BoardCounts, Need, Page, Suggestion } from '../types';

/** Needs on one page of the board; their suggestions come in one request. */
const PAGE_SIZE = 20;
const TOP = 3;
const OPEN_STATES = [
  ['open,matching', '待匹配（全部）'],
  ['open', '待匹配'],
  ['matching', '匹配中'],
  ['assigned', '已指派'],
  ['in_progress', '服务中'],
] as [string, string][];

/** Station live board: open needs by urgency and age with suggestions, true counts, filters, pages, live activity. */
export function boardPage(ctx: PageContext): PageView {
  const msg = notice();
  const stats = h('div', { class: 'stats' });
  const needsBox = h('div', { class: 'needs-board', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const assignmentsBox = h('div', { class: 'assignments-board' });
  const feed = activityFeed();
  const suggestions = new Map<string, Suggestion[]>();
  const q = (k: string) => ctx.query.get(k) ?? '';
  const state = h('select', { name: 'status' }, options(OPEN_STATES, q('status') || 'open,matching'));
  const urgency = h('select', { name: 'urgency' }, options([['', '全部'], ...pairs(URGENCY_LABELS)], q('urgency')));
  const category = h('select', { name: 'category' }, options([['', '全部类别'], ...pairs(CATEGORY_LABELS)], q('category')));
  const village = h('select', { name: 'communityCode' }, options([['', '全部村(社区)']], ''));
  const total = h('p', { class: 'muted small', role: 'status', 'data-total': '' });
  const pages = pager((p) => {
    page = p;
    refresh(false);
  });
  let needs: Need[] = [];
  let count = 0;
  let page = 0;
  let counts: BoardCounts | null = null;
  let assignments: Assignment[] = [];
  let disposed = false;
  let loading: Promise<void> | null = null;
  let again = false;

  const canAssign = ctx.user.role === 'coordinator';
  const showStation = ctx.user.role === 'admin';

  void stationsOf(ctx.user)
    .then((stations) => {
      if (!disposed) mount(village, options([['', '全部村(社区)'], ...villageOptions(stations)], q('communityCode')));
    })
    .catch(logFailure('stations for the board filters'));

  /** The suggestions of every need on screen, in one request. */
  async function suggestionsOf(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      const res = await api<{ items: Record<string, Suggestion[]> }>('/api/matching/suggestions', {
        body: { needIds: ids, top: TOP },
        readOnly: true,
      });
      for (const id of ids) suggestions.set(id, res.items[id] ?? []);
    } catch (err) {
      logFailure('suggestions for the board')(err);
      for (const id of ids) suggestions.set(id, []);
    }
  }

  async function load(fresh: boolean): Promise<void> {
    const listed = api<Page<Need>>('/api/needs', {
      query: {
        status: state.value || 'open,matching',
        urgency: urgency.value,
        category: category.value,
        communityCode: village.value || q('communityCode'),
        sort: '-urgency',
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      },
    });
    // The suggestions are asked for as soon as the page of needs is known, beside the counts and the
    // assignments rather than after them. A failed list is reported once, by the Promise.all below.
    const suggested = listed.then(
      async (list) => {
        if (disposed) return 0;
        const want = list.items
          .filter((n) => (n.status === 'open' || n.status === 'matching') && (fresh || !suggestions.has(n.id)))
          .map((n) => n.id);
        await suggestionsOf(want);
        return want.length;
      },
      () => 0,
    );
    const [list, c, recent] = await Promise.all([
      listed,
      api<BoardCounts>('/api/needs/counts'),
      api<Assignment[]>('/api/assignments', { query: { limit: 30 } }),
    ]);
    if (disposed) return;
    needs = list.items;
    count = list.total ?? list.items.length;
    counts = c;
    assignments = recent;
    render();
    if ((await suggested) && !disposed) render();
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
    if (counts) mount(stats, boardStats(counts));
    total.textContent = count ? `共 ${count} 条，第 ${page + 1} 页` : '';
    pages.update(page, Math.ceil(count / PAGE_SIZE));
    const filtered = state.value !== 'open,matching' || urgency.value || category.value || village.value;
    mount(
      needsBox,
      needs.length
        ? needs.map((n) =>
            needCard(n, {
              withSuggestions: n.status === 'open' || n.status === 'matching',
              suggestions: suggestions.get(n.id) ?? null,
              canAssign,
              showStation,
              onAssigned: (a) => {
                msg.ok(`已指派给 ${a.candidate.name}，等待对方回复`);
                refresh();
              },
              onError: (m) => msg.error(m),
            }),
          )
        : h('p', { class: 'empty' }, filtered ? '没有符合筛选条件的需求。' : '没有待匹配的需求。新登记或导入的需求会实时出现在这里。'),
    );
    mount(assignmentsBox, recentAssignments(assignments));
  }

  const filters = h(
    'form',
    {
      class: 'filters card',
      'aria-label': '看板筛选',
      onsubmit: (e: Event) => {
        e.preventDefault();
        page = 0;
        const params = new URLSearchParams();
        const values: Record<string, string> = {
          status: state.value === 'open,matching' ? '' : state.value,
          urgency: urgency.value,
          category: category.value,
          communityCode: village.value,
        };
        for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
        history.replaceState(null, '', params.size ? `/board?${params}` : '/board');
        refresh(false);
      },
    },
    h('label', null, '状态', state),
    h('label', null, '紧急程度', urgency),
    h('label', null, '类别', category),
    h('label', null, '村(社区)', village),
    h('button', { type: 'submit', class: 'primary' }, '筛选'),
  );

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
      { class: 'page-head row between' },
      h(
        'div',
        null,
        h('h1', null, '实时看板'),
        h('p', { class: 'muted small' }, '按紧急程度和等待时间排列；新需求、指派和回复会实时更新，无需刷新。'),
      ),
      canAssign ? h('a', { href: '/needs/new', 'data-link': true, class: 'button primary' }, '登记需求') : null,
    ),
    msg.el,
    stats,
    h(
      'div',
      { class: 'board-grid' },
      h(
        'section',
        { 'aria-labelledby': 'open-needs' },
        h('h2', { id: 'open-needs' }, '待匹配需求与推荐'),
        filters,
        total,
        needsBox,
        pages.el,
      ),
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
