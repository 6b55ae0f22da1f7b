import type { IndicatorResult, StationResult } from '../../../src/contracts/evaluation';
import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import type { PageContext, PageView } from '../router';
import type { Round } from './evaluation';
import { download, openPrintable } from './files';

interface Scheme {
  indicators: { id: string; rule: { kind: string } }[];
}

const SOURCE = { computed: '系统计算', entered: '评估录入', missing: '未评分' };
const fmt = (v: number | null, unit: string) => (v === null ? '—' : unit === '%' ? `${Math.round(v * 1000) / 10}%` : `${v}${unit}`);

/** One evaluation round: computed indicators, the evaluator's scores, the report and publication. */
export function evaluationRoundPage(ctx: PageContext): PageView {
  const id = ctx.params[0]!;
  const msg = notice();
  const head = h('div');
  const body = h('div', { 'aria-busy': 'true' });
  const isAdmin = ctx.user.role === 'admin';
  let manual = new Set<string>();

  const act = (label: string, path: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () =>
          void api(path, { method: 'POST' })
            .then(() => load())
            .catch((err: unknown) => msg.error(messageOf(err))),
      },
      label,
    );

  function scoreForm(round: Round, s: StationResult, i: IndicatorResult): HTMLElement | null {
    if (!isAdmin || round.status !== 'scoring') return null;
    const isManual = manual.has(i.id);
    const input = h('input', {
      type: 'number',
      step: 'any',
      name: 'value',
      required: true,
      'aria-label': `${s.stationName}${i.name}${isManual ? '得分' : '实际值'}`,
      size: 6,
    });
    const note = h('input', { name: 'note', 'aria-label': '说明', placeholder: '说明/佐证', size: 12 });
    const reason = h('input', {
      name: 'reason',
      'aria-label': '修改理由',
      placeholder: i.source === 'missing' ? '' : '修改理由',
      size: 10,
      hidden: i.source === 'missing',
    });
    return h(
      'form',
      {
        class: 'row',
        'data-score-form': `${s.stationCode}:${i.id}`,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const n = Number(input.value);
          const bodyOut: Record<string, unknown> = isManual ? { score: n } : { value: i.unit === '%' && n > 1 ? n / 100 : n };
          if (note.value.trim()) bodyOut.note = note.value.trim();
          if (reason.value.trim()) bodyOut.reason = reason.value.trim();
          void api(`/api/evaluation/rounds/${id}/stations/${s.stationCode}/scores/${i.id}`, { method: 'PUT', body: bodyOut })
            .then(() => load())
            .catch((err: unknown) => msg.error(messageOf(err)));
        },
      },
      input,
      note,
      reason,
      h('button', { type: 'submit' }, '保存'),
    );
  }

  function stationCard(round: Round, s: StationResult): HTMLElement {
    return h(
      'section',
      { class: 'card', 'data-station': s.stationCode },
      h('h2', null, `${s.stationName}：${s.total} 分 · `, h('span', { 'data-star': String(s.star.level) }, s.star.name)),
      h('p', { class: 'small' }, s.groups.map((g) => `${g.name} ${g.score}/${g.max}`).join('　')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['指标', '实际值', '得分', '来源', '说明', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            null,
            s.indicators.map((i) =>
              h(
                'tr',
                { 'data-indicator': i.id, 'data-source': i.source },
                h('th', { scope: 'row' }, i.name),
                h('td', null, fmt(i.value, i.unit)),
                h('td', null, `${i.score}/${i.weight}`),
                h('td', null, SOURCE[i.source]),
                h('td', { class: 'small' }, [i.detail, i.note].filter(Boolean).join('；')),
                h('td', null, scoreForm(round, s, i)),
              ),
            ),
          ),
        ),
      ),
      s.problems.length ? h('p', { class: 'small' }, `存在问题：${s.problems.join('；')}`) : null,
    );
  }

  async function load(): Promise<void> {
    try {
      const round = await api<Round>(`/api/evaluation/rounds/${id}`);
      if (isAdmin && manual.size === 0) {
        const scheme = await api<Scheme>('/api/evaluation/scheme');
        manual = new Set(scheme.indicators.filter((i) => i.rule.kind === 'manual').map((i) => i.id));
      }
      const results = await api<StationResult[]>(`/api/evaluation/rounds/${id}/results`);
      mount(
        head,
        h('h1', null, round.name),
        h(
          'p',
          { class: 'muted small' },
          `评估期 ${round.period.from} 至 ${round.period.to} · `,
          h('span', { 'data-status': round.status }, round.statusName),
        ),
        h(
          'div',
          { class: 'row' },
          isAdmin && (round.status === 'planned' || round.status === 'scoring')
            ? act('按业务记录计算指标', `/api/evaluation/rounds/${id}/compute`)
            : null,
          isAdmin && round.status === 'scoring' ? act('出具评估报告', `/api/evaluation/rounds/${id}/report`) : null,
          isAdmin && round.status === 'reported' ? act('公示评估结果', `/api/evaluation/rounds/${id}/publish`) : null,
          h(
            'button',
            {
              type: 'button',
              onclick: () =>
                void openPrintable(`/api/evaluation/rounds/${id}/report.html`).catch((err: unknown) => msg.error(messageOf(err))),
            },
            '打印评估报告',
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: () =>
                void download(`/api/evaluation/rounds/${id}/report.xlsx`, '评估报告.xlsx').catch((err: unknown) =>
                  msg.error(messageOf(err)),
                ),
            },
            '导出评估报告（Excel）',
          ),
        ),
      );
      mount(
        body,
        results.map((s) => stationCard(round, s)),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  void load();
  return { title: '评估详情', el: h('div', { class: 'page' }, head, msg.el, body) };
}
