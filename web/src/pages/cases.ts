import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { fmtDate } from '../format';
import { pairs } from '../labels';
import type { PageContext, PageView } from '../router';
import {
  CASE_CLOSE_REASONS,
  CASE_STATUS_LABELS,
  INTERVENTION_METHODS,
  RISK_LABELS,
  SATISFACTION_LABELS,
  type CaseView,
} from '../station-work';
import type { Need, Page } from '../types';

const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const list = (xs: readonly string[]): [string, string][] => xs.map((x) => [x, x]);

/** Case list 个案; with ?needId=&householdId= it opens the intake form for that need. */
export function casesPage(ctx: PageContext): PageView {
  const msg = notice();
  const rows = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const intake = h('div');
  let disposed = false;

  async function load(): Promise<void> {
    try {
      const page = await api<Page<CaseView>>('/api/cases', { query: { limit: 100 } });
      if (disposed) return;
      rows.replaceChildren(
        ...page.items.map((c) =>
          h(
            'li',
            { class: 'case-row', 'data-case-id': c.id },
            h('a', { href: `/cases/${c.id}`, 'data-link': true }, c.personName),
            ' ',
            h('span', { class: 'tag' }, CASE_STATUS_LABELS[c.status]),
            h('p', { class: 'muted small' }, `个案社工：${c.caseWorker.name} · 接案于 ${fmtDate(c.openedAt)}`),
          ),
        ),
      );
      if (!page.items.length) mount(rows, h('li', { class: 'muted' }, '还没有个案'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      rows.setAttribute('aria-busy', 'false');
    }
  }

  async function intakeForm(needId: string, householdId: string): Promise<void> {
    const need = await api<Need>(`/api/needs/${needId}`);
    const person = h('input', { name: 'personName', required: true, maxlength: 30 });
    const summary = h('textarea', { name: 'summary', rows: 2 }, need.description);
    mount(
      intake,
      h(
        'form',
        {
          class: 'card case-intake',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            try {
              const c = await api<CaseView>('/api/cases', {
                body: { householdId, personName: person.value.trim(), source: { kind: 'need', id: needId }, summary: summary.value.trim() },
              });
              ctx.navigate(`/cases/${c.id}`);
            } catch (err) {
              msg.error(messageOf(err));
            }
          },
        },
        h('h2', null, `从需求“${need.title}”接案`),
        h('label', null, '服务对象姓名', person),
        h('label', null, '接案摘要', summary),
        h('button', { type: 'submit', class: 'primary' }, '接案'),
      ),
    );
  }

  const needId = ctx.query.get('needId');
  const householdId = ctx.query.get('householdId');
  if (needId && householdId) void intakeForm(needId, householdId).catch((err: unknown) => msg.error(messageOf(err)));
  void load();
  return {
    title: '个案',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '个案')), msg.el, intake, rows),
    dispose() {
      disposed = true;
    },
  };
}

/** One case: assessment → plan → interventions → review → closure with outcome and satisfaction. */
export function caseDetailPage(ctx: PageContext): PageView {
  const id = ctx.params[0]!;
  const msg = notice();
  const head = h('div', { class: 'page-head' }, h('h1', null, '个案详情'));
  const body = h('div', { 'aria-busy': 'true' });
  let disposed = false;

  async function act(path: string, payload: object, done: string): Promise<void> {
    try {
      const c = await api<CaseView>(`/api/cases/${id}/${path}`, { body: payload });
      msg.ok(done);
      render(c);
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  const form = (cls: string, title: string, fields: HTMLElement[], submit: string, onsubmit: () => Promise<void>) =>
    h(
      'form',
      {
        class: `card ${cls}`,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void onsubmit();
        },
      },
      h('h2', null, title),
      fields,
      h('button', { type: 'submit', class: 'primary' }, submit),
    );

  function render(c: CaseView): void {
    mount(
      head,
      h('h1', null, `个案：${c.personName}`),
      h('p', null, h('span', { class: 'tag case-status' }, CASE_STATUS_LABELS[c.status])),
    );
    const parts: HTMLElement[] = [
      h(
        'section',
        { class: 'card' },
        h(
          'dl',
          { class: 'kv' },
          h('dt', null, '个案社工'),
          h('dd', null, c.caseWorker.name),
          h('dt', null, '接案摘要'),
          h('dd', null, c.summary || '—'),
          h('dt', null, '评估'),
          h(
            'dd',
            null,
            c.assessment
              ? `${c.assessment.problems}（风险：${RISK_LABELS[c.assessment.riskLevel as keyof typeof RISK_LABELS] ?? c.assessment.riskLevel}）`
              : '—',
          ),
          h('dt', null, '服务目标'),
          h('dd', null, c.plan ? c.plan.goals.map((g) => `${g.text}${g.achieved === true ? '（已达成）' : ''}`).join('；') : '—'),
          h('dt', null, '结案'),
          h('dd', null, c.closure ? `${c.closure.reason}：${c.closure.outcome}` : '—'),
        ),
        h('h2', null, '服务记录'),
        c.interventions.length
          ? h(
              'ul',
              { class: 'history interventions' },
              c.interventions.map((i) => h('li', null, `${i.date} ${i.method} ${i.minutes} 分钟：${i.content}（${i.by.name}）`)),
            )
          : h('p', { class: 'muted small' }, '还没有服务记录'),
      ),
    ];
    if (c.status === 'intake') {
      const problems = h('textarea', { name: 'problems', required: true, rows: 2 });
      const strengths = h('textarea', { name: 'strengths', rows: 2 });
      const risk = h('select', { name: 'riskLevel' }, options(pairs(RISK_LABELS), 'medium'));
      parts.push(
        form(
          'case-assess',
          '评估',
          [h('label', null, '问题与需求', problems), h('label', null, '优势与资源', strengths), h('label', null, '风险等级', risk)],
          '保存评估',
          () =>
            act('assessment', { problems: problems.value.trim(), strengths: strengths.value.trim(), riskLevel: risk.value }, '评估已保存'),
        ),
      );
    }
    if (c.status === 'assessed') {
      const goals = h('textarea', { name: 'goals', required: true, rows: 3, placeholder: '每行一个目标' });
      parts.push(
        form('case-plan', '服务计划', [h('label', null, '服务目标（每行一个）', goals)], '保存计划', () =>
          act(
            'plan',
            {
              goals: goals.value
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
            },
            '服务计划已保存',
          ),
        ),
      );
    }
    if (c.status === 'planned' || c.status === 'in_service' || c.status === 'reviewing') {
      const date = h('input', { type: 'date', name: 'date', required: true, value: today(), max: today() });
      const method = h('select', { name: 'method' }, options(list(INTERVENTION_METHODS), '面谈'));
      const content = h('textarea', { name: 'content', required: true, rows: 2 });
      const minutes = h('input', { type: 'number', name: 'minutes', required: true, min: 1, max: 1440, value: '60' });
      parts.push(
        form(
          'case-intervention',
          '记录服务',
          [
            h('label', null, '日期', date),
            h('label', null, '方式', method),
            h('label', null, '服务内容', content),
            h('label', null, '时长（分钟）', minutes),
          ],
          '保存服务记录',
          () =>
            act(
              'interventions',
              { date: date.value, method: method.value, content: content.value.trim(), minutes: Number(minutes.value) },
              '服务记录已保存',
            ),
        ),
      );
    }
    if (c.status !== 'closed') {
      const reason = h('select', { name: 'reason' }, options(list(CASE_CLOSE_REASONS), '目标达成'));
      const outcome = h('textarea', { name: 'outcome', required: true, rows: 2 });
      const level = h('select', { name: 'satisfaction' }, options([['', '暂不登记'], ...pairs(SATISFACTION_LABELS)], ''));
      parts.push(
        form(
          'case-close',
          '结案',
          [h('label', null, '结案原因', reason), h('label', null, '服务成效', outcome), h('label', null, '服务对象满意度', level)],
          '结案',
          () =>
            act(
              'close',
              {
                reason: reason.value,
                outcome: outcome.value.trim(),
                ...(level.value ? { satisfaction: { level: level.value, method: 'in_person' } } : {}),
              },
              '个案已结案',
            ),
        ),
      );
    }
    mount(body, parts);
  }

  void api<CaseView>(`/api/cases/${id}`)
    .then((c) => {
      if (!disposed) render(c);
    })
    .catch((err: unknown) => msg.error(messageOf(err)))
    .finally(() => body.setAttribute('aria-busy', 'false'));
  return {
    title: '个案详情',
    el: h('div', { class: 'page' }, head, msg.el, body),
    dispose() {
      disposed = true;
    },
  };
}
