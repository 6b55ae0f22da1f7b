import { api, messageOf } from '../api';
import { barChart } from '../components/bar-chart';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { snapshotTrends } from '../components/snapshot-trends';
import { h, mount } from '../dom';
import { pct, thisMonth } from '../format';
import type { PageContext, PageView } from '../router';
import type { StationReport } from '../types';

const hours = (n: number | null) => (n === null ? '—' : n < 48 ? `${Math.round(n * 10) / 10} 小时` : `${Math.round(n / 24)} 天`);

/** County overview (admin): stations side by side with simple CSS bar charts and a full table. */
export function countyPage(ctx: PageContext): PageView {
  const msg = notice();
  const month = h('input', {
    type: 'month',
    name: 'month',
    value: ctx.query.get('month') ?? thisMonth(),
    max: thisMonth(),
    'aria-label': '月份',
  });
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  let disposed = false;

  async function load(): Promise<void> {
    try {
      const rows = await api<StationReport[]>('/api/reports/stations', { query: { month: month.value || thisMonth() } });
      if (!disposed) render(rows);
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  function render(rows: StationReport[]): void {
    const sum = (f: (r: StationReport) => number) => rows.reduce((s, r) => s + f(r), 0);
    const created = sum((r) => r.needsCreated);
    const matched = sum((r) => r.needsMatched);
    const due = sum((r) => r.keyTargetVisitsDue);
    const name = (r: StationReport) => r.stationName.replace(/(人民政府|街道办事处)$/u, '');
    mount(
      body,
      h(
        'div',
        { class: 'stats' },
        h('div', { class: 'stat' }, h('strong', null, String(sum((r) => r.openNeeds))), h('span', null, '全县待匹配需求')),
        h('div', { class: 'stat' }, h('strong', null, pct(created ? matched / created : null)), h('span', null, '本月匹配率')),
        h(
          'div',
          { class: 'stat' },
          h('strong', null, `${Math.round(sum((r) => r.volunteerHours) * 10) / 10}`),
          h('span', null, '志愿服务时长（小时）'),
        ),
        h(
          'div',
          { class: 'stat' },
          h('strong', null, pct(due ? sum((r) => r.keyTargetVisitsDone) / due : null)),
          h('span', null, '重点对象探访率'),
        ),
      ),
      h(
        'div',
        { class: 'charts' },
        barChart(
          '待匹配需求',
          rows.map((r) => ({ label: name(r), value: r.openNeeds, text: String(r.openNeeds) })),
        ),
        barChart(
          '匹配率',
          rows.map((r) => ({ label: name(r), value: r.matchRate, text: pct(r.matchRate) })),
          1,
        ),
        barChart(
          '匹配用时（中位数）',
          rows.map((r) => ({ label: name(r), value: r.medianHoursToMatch, text: hours(r.medianHoursToMatch) })),
        ),
        barChart(
          '重点对象月度探访率',
          rows.map((r) => ({ label: name(r), value: r.visitRate, text: pct(r.visitRate) })),
          1,
        ),
      ),
      h(
        'div',
        { class: 'table-wrap card' },
        h(
          'table',
          { class: 'report' },
          h('caption', null, `${month.value} 各站指标`),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['社工站', '待匹配', '本月新增', '已匹配', '匹配率', '匹配用时', '完成率', '服务时长', '探访率'].map((t) =>
                h('th', { scope: 'col' }, t),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map((r) =>
              h(
                'tr',
                { 'data-station': r.stationCode },
                h('th', { scope: 'row' }, name(r)),
                [
                  String(r.openNeeds),
                  String(r.needsCreated),
                  String(r.needsMatched),
                  pct(r.matchRate),
                  hours(r.medianHoursToMatch),
                  pct(r.fulfilmentRate),
                  String(r.volunteerHours),
                  `${pct(r.visitRate)}（${r.keyTargetVisitsDone}/${r.keyTargetVisitsDue}）`,
                ].map((v) => h('td', null, v)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  month.addEventListener('change', () => ctx.navigate(`/county?month=${month.value}`, true));
  const off = onLiveChange(
    () => void load(),
    (e) => e.type.startsWith('need.') || e.type.startsWith('assignment.'),
    1500,
  );
  const trends = snapshotTrends({ admin: true });
  void load();
  void trends.load();
  return {
    title: '全县概览',
    el: h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head row between' },
        h(
          'div',
          null,
          h('h1', null, '全县概览'),
          h(
            'p',
            { class: 'muted small' },
            '各社工站并列对比：待匹配需求、匹配率、匹配用时、重点对象月度探访率；近12个月逐月趋势与互比互学。',
          ),
        ),
        h('label', null, '月份', month),
      ),
      msg.el,
      body,
      trends.el,
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
