import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { suggestionList } from '../components/suggestions';
import { assignmentStatusTag, needStatusTag, urgencyTag } from '../components/tags';
import { h, mount } from '../dom';
import { fmtDate } from '../format';
import { CATEGORY_LABELS, NEED_STATUS_LABELS, NEED_SOURCE_LABELS, URGENCY_LABELS, label } from '../labels';
import { needIdOf } from '../live-events';
import type { PageContext, PageView } from '../router';
import type { Assignment, Need, Suggestion } from '../types';

const ASSIGNABLE = new Set(['open', 'matching']);

/** A need: its fields, suggestions with reasons (assign), its assignments and its status history. */
export function needDetailPage(ctx: PageContext): PageView {
  const id = ctx.params[0]!;
  const msg = notice();
  const head = h('div', { class: 'page-head' }, h('h1', null, '需求详情'));
  const info = h('section', { class: 'card' }, h('p', { class: 'muted' }, '正在加载…'));
  const sugBox = h('div');
  const asgBox = h('div');
  const histBox = h('div');
  let disposed = false;

  async function load(): Promise<void> {
    try {
      const [need, assignments] = await Promise.all([
        api<Need>(`/api/needs/${id}`),
        api<Assignment[]>('/api/assignments', { query: { needId: id, limit: 50 } }),
      ]);
      if (disposed) return;
      render(need, assignments);
      const canAssign = ctx.user.role === 'coordinator' && ASSIGNABLE.has(need.status);
      const suggestions = ASSIGNABLE.has(need.status) ? await api<Suggestion[]>(`/api/needs/${id}/suggestions`, { query: { top: 5 } }) : [];
      if (disposed) return;
      mount(
        sugBox,
        ASSIGNABLE.has(need.status)
          ? suggestionList(id, suggestions, {
              canAssign,
              onAssigned: (a) => {
                msg.ok(`已指派给 ${a.candidate.name}，等待对方回复`);
                void load();
              },
              onError: (m) => msg.error(m),
            })
          : h('p', { class: 'muted small' }, `需求${label(NEED_STATUS_LABELS, need.status)}，不再推荐新的人选。`),
      );
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  function render(n: Need, assignments: Assignment[]): void {
    mount(head, h('h1', null, n.title), h('p', null, urgencyTag(n.urgency), ' ', needStatusTag(n.status)));
    const kv: [string, string][] = [
      ['类别', label(CATEGORY_LABELS, n.category)],
      ['服务对象', n.groups.join('、') || '—'],
      ['紧急程度', label(URGENCY_LABELS, n.urgency)],
      ['来源', label(NEED_SOURCE_LABELS, n.source)],
      ['所需技能', n.skills.join('、') || '—'],
      ['数量', n.quantity ? `${n.quantity.amount} ${n.quantity.unit}` : '—'],
      ['登记时间', fmtDate(n.createdAt)],
      ['更新时间', fmtDate(n.updatedAt)],
    ];
    mount(
      info,
      h('p', { class: 'description' }, n.description || '（无描述）'),
      h(
        'dl',
        { class: 'kv' },
        kv.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
      ),
    );
    mount(
      asgBox,
      assignments.length
        ? h(
            'ul',
            { class: 'list' },
            assignments.map((a) =>
              h(
                'li',
                { 'data-assignment-id': a.id, 'data-status': a.status },
                h('div', { class: 'row between' }, h('strong', null, a.candidate.name), assignmentStatusTag(a.status)),
                h(
                  'p',
                  { class: 'muted small' },
                  `指派于 ${fmtDate(a.createdAt)}`,
                  a.declineReason ? ` · 婉拒原因：${a.declineReason}` : '',
                  a.hours !== null ? ` · 服务 ${a.hours} 小时` : '',
                ),
              ),
            ),
          )
        : h('p', { class: 'muted small' }, '还没有指派。'),
    );
    mount(
      histBox,
      h(
        'ol',
        { class: 'history' },
        [...n.history]
          .reverse()
          .map((e) =>
            h(
              'li',
              null,
              h('time', null, fmtDate(e.at)),
              ' ',
              e.from ? `${label(NEED_STATUS_LABELS, e.from)} → ` : '',
              label(NEED_STATUS_LABELS, e.to),
              e.note ? `（${e.note}）` : '',
            ),
          ),
      ),
    );
  }

  const off = onLiveChange(
    () => void load(),
    (e) => needIdOf(e) === id,
  );
  void load();
  return {
    title: '需求详情',
    el: h(
      'div',
      { class: 'page' },
      h(
        'p',
        { class: 'small' },
        h('a', { href: '/needs', 'data-link': true }, '← 需求清单'),
        ' · ',
        h('a', { href: `/reports?need=${encodeURIComponent(id)}`, 'data-link': true, 'data-print': 'dispatch' }, '打印派单单'),
      ),
      head,
      msg.el,
      h(
        'div',
        { class: 'board-grid' },
        h('div', null, info, h('section', { class: 'card', 'aria-labelledby': 'sug' }, h('h2', { id: 'sug' }, '推荐人选与理由'), sugBox)),
        h(
          'aside',
          null,
          h('section', { class: 'card', 'aria-labelledby': 'asg' }, h('h2', { id: 'asg' }, '指派记录'), asgBox),
          h('section', { class: 'card', 'aria-labelledby': 'hist' }, h('h2', { id: 'hist' }, '状态历史'), histBox),
        ),
      ),
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
