import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { thisMonth } from '../format';
import type { PageContext, PageView } from '../router';
import { download, openPrintable } from './files';

interface ReportRow {
  id: string;
  label: string;
  unit: string;
  current: number | null;
  previous: number | null;
  yearToDate: number | null;
}
interface Report {
  title: string;
  periodLabel: string;
  stationName: string;
  rows: ReportRow[];
}

const show = (v: number | null, unit: string) =>
  v === null ? '—' : unit === '%' ? `${Math.round(v * 1000) / 10}%` : `${Math.round(v * 100) / 100} ${unit}`;

/** 报表与台账: the periodic report on screen, its XLSX, the registers and printable sheets. */
export function reportsPage(ctx: PageContext): PageView {
  const msg = notice();
  const period = h('input', {
    name: 'period',
    value: ctx.query.get('period') ?? thisMonth(),
    'aria-label': '报告期',
    placeholder: '2026-03 / 2026-Q1 / 2026',
    size: 10,
  });
  const body = h('div', { 'aria-busy': 'true' });
  let disposed = false;
  const q = () => `period=${encodeURIComponent(period.value.trim() || thisMonth())}`;
  const run = (fn: () => Promise<void>) => () => void fn().catch((err: unknown) => msg.error(messageOf(err)));

  async function load(): Promise<void> {
    try {
      const r = await api<Report>('/api/exports/reports', { query: { period: period.value.trim() || thisMonth() } });
      if (disposed) return;
      mount(
        body,
        h(
          'div',
          { class: 'table-wrap card' },
          h(
            'table',
            { class: 'report' },
            h('caption', null, `${r.stationName}${r.title}（${r.periodLabel}）`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['指标', '本期', '上期', '本年累计'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              null,
              r.rows.map((row) =>
                h(
                  'tr',
                  { 'data-indicator': row.id },
                  h('th', { scope: 'row' }, row.label),
                  [row.current, row.previous, row.yearToDate].map((v) => h('td', null, show(v, row.unit))),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  const needId = h('input', { name: 'needId', 'aria-label': '需求编号', placeholder: '需求编号', size: 26 });
  const registers: Array<[string, string, string]> = [
    ['需求清单', '/api/exports/registers/needs.xlsx', '需求清单.xlsx'],
    ['志愿服务时长明细', '/api/exports/registers/hours.xlsx', '志愿服务时长明细.xlsx'],
    ['慈善资源去向', '/api/exports/registers/resource-destinations.xlsx', '慈善资源去向.xlsx'],
    ['月度探访台账', '/api/exports/registers/visits.xlsx', '月度探访台账.xlsx'],
  ];
  period.addEventListener('change', () => ctx.navigate(`/reports?${q()}`, true));
  void load();
  return {
    title: '报表与台账',
    el: h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head row between' },
        h(
          'div',
          null,
          h('h1', null, '报表与台账'),
          h('p', { class: 'muted small' }, '月报、季报、年报：本期、上期与本年累计；台账导出为 Excel，导出均留痕。'),
        ),
        h('label', null, '报告期', period),
      ),
      msg.el,
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          { type: 'button', class: 'primary', onclick: run(() => download(`/api/exports/reports/report.xlsx?${q()}`, '报表.xlsx')) },
          '下载报表（Excel）',
        ),
        registers.map(([label, path, name]) =>
          h('button', { type: 'button', onclick: run(() => download(`${path}?${q()}`, name)) }, `导出${label}`),
        ),
        h(
          'button',
          { type: 'button', onclick: run(() => download('/api/exports/registers/key-targets.xlsx', '重点对象花名册.xlsx')) },
          '导出重点对象花名册',
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: run(() => download('/api/exports/registers/key-targets.xlsx?masked=true', '重点对象花名册_脱敏.xlsx')),
          },
          '导出花名册（脱敏版）',
        ),
      ),
      body,
      h(
        'form',
        {
          class: 'row card',
          onsubmit: (e: Event) => {
            e.preventDefault();
            if (needId.value.trim())
              run(() => openPrintable(`/api/exports/needs/${encodeURIComponent(needId.value.trim())}/dispatch-sheet.html`))();
          },
        },
        h('label', null, '打印派单单', needId),
        h('button', { type: 'submit' }, '打印'),
      ),
    ),
    dispose() {
      disposed = true;
    },
  };
}
