import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { rateBar } from '../components/station-work/rate-bar';
import { h, mount, options } from '../dom';
import { fmtDate, thisMonth } from '../format';
import { CATEGORY_LABELS, pairs } from '../labels';
import type { PageContext, PageView } from '../router';
import {
  FINDING_AREA_LABELS,
  FINDING_LEVEL_LABELS,
  VISIT_MODE_LABELS,
  VISIT_STATUS_LABELS,
  type FindingArea,
  type VisitProgress,
  type VisitRecord,
  type VisitTask,
} from '../station-work';
import type { Need, Page, Station } from '../types';

const AREAS = Object.keys(FINDING_AREA_LABELS) as FindingArea[];
const BACKDATE_DAYS = 7;

/** A datetime-local value of a Date in the browser's time zone (the station's). */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The month's visits of key targets 重点对象探访: every key target with its state, filters by village and
 * by who is responsible, progress toward 100% per household and per person; record a visit (backdated
 * up to 7 days) and turn a finding into a need.
 */
export function visitsPage(ctx: PageContext): PageView {
  const msg = notice();
  const q = (k: string) => ctx.query.get(k) ?? '';
  const month = h('input', { type: 'month', name: 'month', value: q('month') || thisMonth(), max: thisMonth() });
  const village = h('select', { name: 'communityCode' }, options([['', '全部村(社区)']], q('communityCode')));
  const who = h(
    'select',
    { name: 'assignee' },
    options(
      [
        ['', '全部负责人'],
        [ctx.user.id, '我负责的'],
        ['none', '未指定负责人'],
      ],
      q('assignee'),
    ),
  );
  const progress = h('div', { class: 'card visit-progress' });
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const communityNames = new Map<string, string>();
  let disposed = false;

  async function loadVillages(): Promise<void> {
    const stations = ctx.user.stationCode
      ? [await api<Station>(`/api/stations/${ctx.user.stationCode}`)]
      : await api<Station[]>('/api/stations', { query: { openOnly: 'true' } });
    for (const s of stations) for (const c of s.communities) communityNames.set(c.code, c.name);
    mount(village, options([['', '全部村(社区)'], ...[...communityNames.entries()]], q('communityCode')));
  }

  const fetchPage = () =>
    api<Page<VisitTask> & { progress: VisitProgress }>('/api/visits', {
      query: { month: month.value || thisMonth(), communityCode: q('communityCode'), assignee: q('assignee'), limit: 500 },
    });

  function showProgress(p: VisitProgress): void {
    mount(progress, rateBar('按户探访率', p.householdsVisited, p.households, '户'), rateBar('按人探访率', p.peopleVisited, p.people, '人'));
  }

  /** After a visit is saved: the bar moves, the open forms stay (a full reload would drop them). */
  async function refreshProgress(): Promise<void> {
    const page = await fetchPage();
    if (!disposed) showProgress(page.progress);
  }

  async function load(): Promise<void> {
    try {
      const page = await fetchPage();
      if (disposed) return;
      showProgress(page.progress);
      // A reload (new month tasks, a reconnect) keeps the rows someone is working in: an open visit form
      // or a record just saved with its follow-up form.
      const working = new Map<string, HTMLElement>();
      for (const li of list.querySelectorAll<HTMLElement>('li.visit-row')) {
        if ((li.lastElementChild?.childElementCount ?? 0) > 0) working.set(li.dataset.taskId ?? '', li);
      }
      list.replaceChildren(...page.items.map((t) => working.get(t.id) ?? row(t)));
      if (!page.items.length) mount(list, h('li', { class: 'muted' }, '本月没有符合条件的重点对象'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function row(t: VisitTask): HTMLElement {
    const slot = h('div');
    const canRecord = t.status !== 'done' && t.month === thisMonth();
    return h(
      'li',
      { class: 'visit-row', 'data-task-id': t.id, 'data-status': t.status },
      h(
        'div',
        { class: 'row between' },
        h(
          'div',
          null,
          h('strong', null, t.headName || '（未知）'),
          ' ',
          h('span', { class: `tag visit-${t.status}` }, VISIT_STATUS_LABELS[t.status]),
          h(
            'p',
            { class: 'muted small' },
            `${communityNames.get(t.communityCode) ?? t.communityCode} · ${t.people} 人 · 负责人：${t.assignee?.name ?? '未指定'}`,
            t.doneAt ? ` · 探访于 ${fmtDate(t.doneAt)}` : '',
          ),
        ),
        canRecord ? h('button', { type: 'button', onclick: () => mount(slot, visitForm(t, slot)) }, '登记探访') : null,
      ),
      slot,
    );
  }

  function visitForm(t: VisitTask, slot: HTMLElement): HTMLElement {
    const now = new Date();
    const at = h('input', {
      type: 'datetime-local',
      name: 'visitedAt',
      required: true,
      value: localInput(now),
      max: localInput(now),
      min: localInput(new Date(now.getTime() - BACKDATE_DAYS * 86_400_000)),
    });
    const mode = h('select', { name: 'mode' }, options(pairs(VISIT_MODE_LABELS), 'home'));
    const checks = AREAS.map((a) => [a, h('select', { name: a }, options(pairs(FINDING_LEVEL_LABELS), 'good'))] as const);
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000 });
    return h(
      'form',
      {
        class: 'visit-form card',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          try {
            const record = await api<VisitRecord>('/api/visits/records', {
              body: {
                householdId: t.householdId,
                taskId: t.id,
                visitedAt: new Date(at.value).toISOString(),
                mode: mode.value,
                findings: Object.fromEntries(checks.map(([a, s]) => [a, s.value])),
                note: note.value.trim(),
              },
            });
            msg.ok('探访已登记');
            const li = slot.closest('li');
            li?.setAttribute('data-status', 'done');
            const tag = li?.querySelector('.tag');
            if (tag) tag.textContent = VISIT_STATUS_LABELS.done;
            li?.querySelector(':scope > .row > button')?.remove();
            mount(slot, recordCard(record));
            await refreshProgress();
          } catch (err) {
            msg.error(messageOf(err));
          }
        },
      },
      h('label', null, '探访时间', at),
      h('label', null, '方式', mode),
      checks.map(([a, s]) => h('label', null, FINDING_AREA_LABELS[a], s)),
      h('label', { class: 'span2' }, '情况记录', note),
      h('button', { type: 'submit', class: 'primary' }, '保存探访'),
    );
  }

  /** A saved visit: each finding that is not 正常 can become a need. */
  function recordCard(r: VisitRecord): HTMLElement {
    const concerns = AREAS.filter((a) => r.findings[a] !== 'good');
    return h(
      'div',
      { class: 'visit-record card', 'data-record-id': r.id },
      h('p', null, `${VISIT_MODE_LABELS[r.mode]}探访 · ${fmtDate(r.visitedAt)} · ${r.visitor.name}${r.byVolunteer ? '（志愿者）' : ''}`),
      concerns.length ? concerns.map((a) => followUp(r, a)) : h('p', { class: 'muted small' }, '各项均正常'),
    );
  }

  function followUp(r: VisitRecord, area: FindingArea): HTMLElement {
    const box = h('div', { class: 'follow-up' });
    const title = h('input', { name: 'title', required: true, maxlength: 100, placeholder: '需求标题' });
    const category = h('select', { name: 'category' }, options([['', '（按文字匹配）'], ...pairs(CATEGORY_LABELS)]));
    mount(
      box,
      h(
        'form',
        {
          class: 'row',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            try {
              const res = await api<{ need: Need }>(`/api/visits/records/${r.id}/follow-ups`, {
                body: { area, title: title.value.trim(), ...(category.value ? { category: category.value } : {}) },
              });
              mount(
                box,
                h('span', null, `${FINDING_AREA_LABELS[area]}：已转为需求 `),
                h('a', { href: `/needs/${res.need.id}`, 'data-link': true }, res.need.title),
                ' · ',
                h('a', { href: `/cases?needId=${res.need.id}&householdId=${r.householdId}`, 'data-link': true }, '从此需求开个案'),
              );
            } catch (err) {
              msg.error(messageOf(err));
            }
          },
        },
        h('span', null, `${FINDING_AREA_LABELS[area]}（${FINDING_LEVEL_LABELS[r.findings[area]]}）`),
        h('label', null, '需求标题', title),
        h('label', null, '类别', category),
        h('button', { type: 'submit' }, '转为需求'),
      ),
    );
    return box;
  }

  const form = h(
    'form',
    {
      class: 'filters card',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const params = new URLSearchParams();
        if (month.value && month.value !== thisMonth()) params.set('month', month.value);
        if (village.value) params.set('communityCode', village.value);
        if (who.value) params.set('assignee', who.value);
        const s = params.toString();
        ctx.navigate(s ? `/visits?${s}` : '/visits', true);
      },
    },
    h('label', null, '月份', month),
    h('label', null, '村(社区)', village),
    h('label', null, '负责人', who),
    h('button', { type: 'submit', class: 'primary' }, '筛选'),
  );

  const off = onLiveChange(
    () => void load(),
    // Only new month tasks reload the list: a visit recorded here updates its own row.
    (e) => e.type === 'visit.tasks_created',
    600,
  );
  void loadVillages()
    .catch((err: unknown) => msg.error(messageOf(err)))
    .then(load);
  return {
    title: '重点对象探访',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '重点对象探访')), form, msg.el, progress, list),
    dispose() {
      disposed = true;
      off();
    },
  };
}
