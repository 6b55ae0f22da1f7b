import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { candidateSearch } from '../components/need/candidate-search';
import { censusBox } from '../components/need/census';
import { needFields } from '../components/need-form';
import { notice } from '../components/notice';
import { suggestionList } from '../components/suggestions';
import { assignmentStatusTag, needStatusTag, urgencyTag } from '../components/tags';
import { h, mount, options } from '../dom';
import { fmtDate } from '../format';
import { CATEGORY_LABELS, CLOSE_REASON_LABELS, NEED_STATUS_LABELS, NEED_SOURCE_LABELS, URGENCY_LABELS, label, pairs } from '../labels';
import { needIdOf } from '../live-events';
import type { PageContext, PageView } from '../router';
import type { Assignment, CandidateHit, Need, Suggestion } from '../types';

const ASSIGNABLE = new Set(['open', 'matching']);
const EDITABLE = new Set(['open', 'matching', 'assigned', 'in_progress']);
const CLOSABLE = new Set(['open', 'matching', 'fulfilled']);
const LIVE = new Set(['pending', 'accepted', 'in_progress']);

/**
 * A need: who it is for, its fields (edit, close with a reason, reopen), suggestions with reasons,
 * "why none" and a wider search, a hand pick from the whole county, its assignments (cancel, reassign)
 * and its history.
 */
export function needDetailPage(ctx: PageContext): PageView {
  const id = ctx.params[0]!;
  const msg = notice();
  const head = h('div', { class: 'page-head' }, h('h1', null, '需求详情'));
  const info = h('section', { class: 'card' }, h('p', { class: 'muted' }, '正在加载…'));
  const actions = h('div', { class: 'need-actions' });
  const sugBox = h('div');
  const pickBox = h('div');
  const asgBox = h('div');
  const histBox = h('div');
  const isCoordinator = ctx.user.role === 'coordinator';
  let widenKm = 0;
  let live: Assignment | null = null;
  let disposed = false;

  /** Assigns, or reassigns when an assignment is live (cancelled with the reason typed next to it). */
  async function assignTo(candidate: Pick<CandidateHit, 'kind' | 'id'>): Promise<Assignment> {
    if (live) {
      const reason = (document.querySelector<HTMLInputElement>(`[data-reason-for="${live.id}"]`)?.value ?? '').trim();
      const res = await api<{ assignment: Assignment }>(`/api/assignments/${live.id}/reassign`, { body: { reason, candidate } });
      return res.assignment;
    }
    return api<Assignment>('/api/assignments', { body: { needId: id, candidate } });
  }
  const assigned = (a: Assignment) => {
    msg.ok(`已指派给 ${a.candidate.name}，等待对方回复`);
    void load();
  };

  /** Reasons typed next to live assignments, by assignment id (kept across re-renders). */
  const typedReasons = new Map<string, string>();

  async function load(): Promise<void> {
    try {
      const [need, assignments] = await Promise.all([
        api<Need>(`/api/needs/${id}`),
        api<Assignment[]>('/api/assignments', { query: { needId: id, limit: 50 } }),
      ]);
      if (disposed) return;
      live = assignments.find((a) => LIVE.has(a.status)) ?? null;
      render(need, assignments);
      const open = ASSIGNABLE.has(need.status) || live !== null;
      if (!open) {
        mount(sugBox, h('p', { class: 'muted small' }, `需求${label(NEED_STATUS_LABELS, need.status)}，不再推荐新的人选。`));
        mount(pickBox);
        return;
      }
      const suggestions = await api<Suggestion[]>(`/api/needs/${id}/suggestions`, { query: { top: 5, widenKm: widenKm || undefined } });
      if (disposed) return;
      renderSuggestions(suggestions);
      mount(
        pickBox,
        candidateSearch(id, {
          canAssign: isCoordinator,
          pick: async (c) => {
            try {
              assigned(await assignTo(c));
            } catch (err) {
              msg.error(messageOf(err));
            }
          },
        }),
      );
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  function renderSuggestions(suggestions: Suggestion[]): void {
    mount(
      sugBox,
      widenKm ? h('p', { class: 'small', 'data-widened': String(widenKm) }, `已把服务半径扩大 ${widenKm} 公里。`) : null,
      live ? h('p', { class: 'small muted' }, '当前已有指派：在右侧填写原因后，选择下面的人选即改派。') : null,
      suggestionList(id, suggestions, {
        canAssign: isCoordinator,
        assign: (s) => assignTo(s),
        onAssigned: assigned,
        onError: (m) => msg.error(m),
        emptyText: '没有符合条件的候选，原因如下：',
      }),
      suggestions.length
        ? h('details', null, h('summary', { class: 'small' }, '为什么候选不多？'), censusBox(id, widen))
        : censusBox(id, widen),
    );
  }
  function widen(km: number): void {
    widenKm += km;
    void load();
  }

  function render(n: Need, assignments: Assignment[]): void {
    mount(head, h('h1', null, n.title), h('p', null, urgencyTag(n.urgency), ' ', needStatusTag(n.status)));
    const hh = n.household;
    const kv: [string, string][] = [
      ['服务对象', hh ? hh.name : '未登记'],
      ['联系电话', hh?.phone ?? '—'],
      ['村(社区)', hh?.communityName ?? n.communityName ?? '—'],
      ...(ctx.user.role === 'admin' ? ([['社工站', n.stationName ?? '—']] as [string, string][]) : []),
      ['类别', label(CATEGORY_LABELS, n.category)],
      ['对象类别', n.groups.join('、') || '—'],
      ['紧急程度', label(URGENCY_LABELS, n.urgency)],
      ['来源', label(NEED_SOURCE_LABELS, n.source)],
      ['服务时间', scheduleText(n)],
      ['所需技能', n.skills.join('、') || '—'],
      ['数量', n.quantity ? `${n.quantity.amount} ${n.quantity.unit}` : '—'],
      ...(n.closeReason ? ([['关闭原因', CLOSE_REASON_LABELS[n.closeReason]]] as [string, string][]) : []),
      ['登记时间', fmtDate(n.createdAt)],
      ['更新时间', fmtDate(n.updatedAt)],
    ];
    mount(
      info,
      h('p', { class: 'description' }, n.description || '（无描述）'),
      h(
        'dl',
        { class: 'kv', 'data-need-info': '' },
        kv.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
      ),
      isCoordinator ? actions : null,
    );
    if (isCoordinator) renderActions(n);
    mount(
      asgBox,
      assignments.length ? h('ul', { class: 'list' }, assignments.map(assignmentItem)) : h('p', { class: 'muted small' }, '还没有指派。'),
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

  function assignmentItem(a: Assignment): HTMLElement {
    const item = h(
      'li',
      { 'data-assignment-id': a.id, 'data-status': a.status },
      h('div', { class: 'row between' }, h('strong', null, a.candidate.name), assignmentStatusTag(a.status)),
      h(
        'p',
        { class: 'muted small' },
        `指派于 ${fmtDate(a.createdAt)}`,
        a.declineReason ? ` · 婉拒原因：${a.declineReason}` : '',
        a.cancelReason ? ` · 取消原因：${a.cancelReason}` : '',
        a.hours !== null ? ` · 服务 ${a.hours} 小时` : '',
      ),
    );
    if (isCoordinator && LIVE.has(a.status)) {
      const reason = h('input', { name: 'reason', maxlength: 200, placeholder: '原因（必填，2–200 个字）', 'data-reason-for': a.id });
      // The page re-renders when live events arrive; what the coordinator is typing survives it.
      reason.value = typedReasons.get(a.id) ?? '';
      reason.addEventListener('input', () => typedReasons.set(a.id, reason.value));
      const cancel = h('button', { type: 'submit', class: 'small' }, '取消指派');
      item.append(
        h(
          'form',
          {
            class: 'row',
            onsubmit: async (e: Event) => {
              e.preventDefault();
              cancel.disabled = true;
              cancel.textContent = '正在取消…';
              try {
                await api<Assignment>(`/api/assignments/${a.id}/cancel`, { body: { reason: reason.value.trim() } });
                typedReasons.delete(a.id);
                msg.ok('已取消指派，可重新选择人选');
                await load();
              } catch (err) {
                msg.error(messageOf(err));
                cancel.disabled = false;
                cancel.textContent = '取消指派';
              }
            },
          },
          h('label', { class: 'grow' }, '取消或改派的原因', reason),
          cancel,
        ),
      );
    }
    return item;
  }

  function renderActions(n: Need): void {
    const parts: HTMLElement[] = [];
    if (EDITABLE.has(n.status)) {
      const edit = h('details', { class: 'edit-need' }, h('summary', null, '修改需求'));
      const fields = needFields(n);
      const save = h('button', { type: 'submit', class: 'primary' }, '保存修改');
      edit.append(
        h(
          'form',
          {
            onsubmit: async (e: Event) => {
              e.preventDefault();
              save.disabled = true;
              save.textContent = '正在保存…';
              try {
                const v = fields.value();
                await api<Need>(`/api/needs/${id}`, { method: 'PATCH', body: { ...v, category: v.category ?? null } });
                msg.ok('已保存');
                await load();
              } catch (err) {
                msg.error(messageOf(err));
              } finally {
                save.disabled = false;
                save.textContent = '保存修改';
              }
            },
          },
          fields.el,
          save,
        ),
      );
      parts.push(edit);
    }
    if (CLOSABLE.has(n.status)) {
      const reason = h('select', { name: 'closeReason' }, options([['', '请选择'], ...pairs(CLOSE_REASON_LABELS)], ''));
      const note = h('input', { name: 'closeNote', maxlength: 500, placeholder: '补充说明（可不填）' });
      const close = h('button', { type: 'submit' }, '关闭需求');
      parts.push(
        h(
          'details',
          null,
          h('summary', null, '关闭需求'),
          h(
            'form',
            {
              class: 'row',
              onsubmit: async (e: Event) => {
                e.preventDefault();
                close.disabled = true;
                try {
                  await api<Need>(`/api/needs/${id}/close`, {
                    body: { reason: reason.value || undefined, note: note.value.trim() || undefined },
                  });
                  msg.ok('需求已关闭');
                  await load();
                } catch (err) {
                  msg.error(messageOf(err));
                } finally {
                  close.disabled = false;
                }
              },
            },
            h('label', null, '关闭原因', reason),
            h('label', { class: 'grow' }, '说明', note),
            close,
          ),
        ),
      );
    }
    if (n.status === 'closed') {
      const reopen = h('button', { type: 'button' }, '重新打开');
      reopen.addEventListener('click', async () => {
        reopen.disabled = true;
        try {
          await api<Need>(`/api/needs/${id}/reopen`, { body: {} });
          msg.ok('需求已重新打开');
          await load();
        } catch (err) {
          msg.error(messageOf(err));
          reopen.disabled = false;
        }
      });
      parts.push(reopen);
    }
    mount(actions, parts);
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
        h(
          'div',
          null,
          info,
          h('section', { class: 'card', 'aria-labelledby': 'sug' }, h('h2', { id: 'sug' }, '推荐人选与理由'), sugBox),
          h('section', { class: 'card', 'aria-labelledby': 'pick' }, h('h2', { id: 'pick' }, '自选人选'), pickBox),
        ),
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

const DAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function scheduleText(n: Need): string {
  const windows = n.schedule.windows.map((w) => `${DAY_NAMES[w.day] ?? ''} ${w.start}–${w.end}`);
  const due = n.schedule.dueBy ? `${fmtDate(n.schedule.dueBy).slice(0, 10)} 前` : '';
  return [...windows, due].filter(Boolean).join('，') || '不限';
}
