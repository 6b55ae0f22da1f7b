import { api, messageOf } from '../api';
import { h, mount, options } from '../dom';
import { fmtDate, pct } from '../format';
import type { StationStats } from '../station-work';
import { barChart } from './bar-chart';
import { notice } from './notice';
import { monthLabel, trendChart } from './trend-chart';

type Row = StationStats & { computedAt?: string | null; recomputes?: number };
interface Trends {
  current: string;
  months: Array<{ month: string; frozen: boolean; stations: Row[]; county: StationStats | null }>;
}
interface Recompute {
  month: string;
  stationCode: string;
  at: string;
  by: string;
  reason: string;
}

/** The indicators a trend or comparison can show; rates are drawn on a 0–100% scale. */
const INDICATORS: Array<{ id: string; label: string; rate?: true; unit?: string }> = [
  { id: 'servicePersonTimes', label: '服务对象人次' },
  { id: 'servicePeople', label: '服务对象人数' },
  { id: 'householdVisitRate', label: '重点对象探访率', rate: true },
  { id: 'homeVisits', label: '入户走访户次' },
  { id: 'caseServiceTimes', label: '个案服务人次' },
  { id: 'groupSessions', label: '小组场次' },
  { id: 'activities', label: '社区活动场次' },
  { id: 'volunteerHours', label: '志愿服务时长', unit: '小时' },
  { id: 'matchRate', label: '需求匹配率', rate: true },
  { id: 'satisfactionRate', label: '满意率', rate: true },
];

const shortName = (n: string) => n.replace(/(人民政府|街道办事处)$/u, '');

/**
 * 逐月趋势与互比互学: each indicator over the last 12 months (ended months from their stored
 * snapshots, the current month live) and the stations side by side for one month. The county admin
 * may recompute an ended month, giving the reason.
 */
export function snapshotTrends(opts: { admin: boolean }): { el: HTMLElement; load(): Promise<void> } {
  const msg = notice();
  const indicator = h('select', { name: 'indicator' }, options(INDICATORS.map((i) => [i.id, i.label])));
  const compareMonth = h('select', { name: 'compareMonth' });
  const body = h('div', { 'aria-busy': 'true' });
  const history = h('div');
  let data: Trends | null = null;

  const valueOf = (s: StationStats | null | undefined) => {
    const v = s?.[indicator.value];
    return typeof v === 'number' ? v : null;
  };
  const textOf = (v: number | null) => {
    const ind = INDICATORS.find((i) => i.id === indicator.value)!;
    if (v === null) return '—';
    return ind.rate ? pct(v) : `${Math.round(v * 10) / 10}`;
  };

  function render(): void {
    if (!data) return;
    const ind = INDICATORS.find((i) => i.id === indicator.value)!;
    const label = `${ind.label}${ind.unit ? `（${ind.unit}）` : ''}`;
    const whole = (m: Trends['months'][number]) => m.county ?? m.stations[0] ?? null;
    const trend = trendChart(
      `${label} 逐月趋势（${opts.admin ? '全县' : shortName(data.months[0]?.stations[0]?.stationName ?? '本站')}）`,
      data.months.map((m) => ({ month: m.month, value: valueOf(whole(m)), text: textOf(valueOf(whole(m))) })),
      ind.rate ? 1 : undefined,
    );
    const chosen = data.months.find((m) => m.month === compareMonth.value) ?? data.months[data.months.length - 1]!;
    const ranked = [...chosen.stations].sort((a, b) => (valueOf(b) ?? -1) - (valueOf(a) ?? -1));
    const compare = barChart(
      `${label} 各站对比（${chosen.month}${chosen.frozen ? '' : '，本月实时'}）`,
      ranked.map((s) => ({ label: shortName(s.stationName), value: valueOf(s), text: textOf(valueOf(s)) })),
      ind.rate ? 1 : undefined,
    );
    compare.setAttribute('data-compare', chosen.month);
    const stations = data.months[data.months.length - 1]?.stations ?? [];
    const table = h(
      'div',
      { class: 'table-wrap card' },
      h(
        'table',
        { class: 'report trends-table' },
        h('caption', null, `${label} 逐月各站`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '社工站'),
            data.months.map((m) => h('th', { scope: 'col', title: m.month }, monthLabel(m.month))),
          ),
        ),
        h(
          'tbody',
          null,
          stations.map((st) =>
            h(
              'tr',
              { 'data-station': st.stationCode },
              h('th', { scope: 'row' }, shortName(st.stationName)),
              data!.months.map((m) => {
                const row = m.stations.find((x) => x.stationCode === st.stationCode);
                return h('td', { title: row?.recomputes ? `已重算 ${row.recomputes} 次` : undefined }, textOf(valueOf(row)));
              }),
            ),
          ),
          opts.admin
            ? h(
                'tr',
                { class: 'total' },
                h('th', { scope: 'row' }, '全县合计'),
                data.months.map((m) => h('td', null, textOf(valueOf(m.county)))),
              )
            : null,
        ),
      ),
    );
    mount(body, h('div', { class: 'charts', 'data-trends': String(data.months.length) }, trend, compare), table);
  }

  async function loadHistory(): Promise<void> {
    const rows = await api<Recompute[]>('/api/stats/snapshots/recomputes');
    const names = new Map((data?.months[data.months.length - 1]?.stations ?? []).map((s) => [s.stationCode, shortName(s.stationName)]));
    mount(
      history,
      rows.length
        ? h(
            'ul',
            { class: 'history' },
            rows.map((r) =>
              h(
                'li',
                { 'data-recompute': `${r.stationCode}:${r.month}` },
                h('time', null, fmtDate(r.at)),
                ` ${names.get(r.stationCode) ?? r.stationCode} ${r.month} 已重算：${r.reason}`,
              ),
            ),
          )
        : h('p', { class: 'muted small' }, '尚无重算记录。'),
    );
  }

  async function load(): Promise<void> {
    try {
      data = await api<Trends>('/api/stats/trends', { query: { months: 12 } });
      const ended = data.months.filter((m) => m.frozen).map((m) => m.month);
      const keep = compareMonth.value || ended[ended.length - 1] || data.current;
      mount(
        compareMonth,
        options(
          data.months.map((m) => [m.month, m.frozen ? m.month : `${m.month}（本月）`]),
          keep,
        ),
      );
      if (opts.admin) {
        mount(recomputeMonth, options(ended.reverse().map((m) => [m, m])));
        mount(
          recomputeStation,
          options([
            ['', '全部社工站'],
            ...(data.months[data.months.length - 1]?.stations ?? []).map((s): [string, string] => [
              s.stationCode,
              shortName(s.stationName),
            ]),
          ]),
        );
        await loadHistory();
      }
      render();
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  const recomputeMonth = h('select', { name: 'recomputeMonth' });
  const recomputeStation = h('select', { name: 'recomputeStation' });
  const reason = h('input', { name: 'reason', required: true, minlength: 4, maxlength: 500, placeholder: '如：补录上月探访记录' });
  const recomputeForm = opts.admin
    ? h(
        'details',
        { class: 'card' },
        h('summary', null, '重算月度快照（已结束月份的数字已存档，后补的记录不改变它；重算须说明原因）'),
        h(
          'form',
          {
            class: 'trends-controls',
            onsubmit: (e: Event) => {
              e.preventDefault();
              void (async () => {
                try {
                  const res = await api<{ month: string; stations: string[] }>('/api/stats/snapshots/recompute', {
                    method: 'POST',
                    body: { month: recomputeMonth.value, stationCode: recomputeStation.value || undefined, reason: reason.value.trim() },
                  });
                  msg.ok(`已重算 ${res.month} 的 ${res.stations.length} 个社工站快照`);
                  reason.value = '';
                  await load();
                } catch (err) {
                  msg.error(messageOf(err));
                }
              })();
            },
          },
          h('label', null, '月份', recomputeMonth),
          h('label', null, '社工站', recomputeStation),
          h('label', null, '重算原因', reason),
          h('button', { type: 'submit' }, '重算'),
        ),
        h('h3', null, '重算记录'),
        history,
      )
    : null;

  indicator.addEventListener('change', render);
  compareMonth.addEventListener('change', render);
  const el = h(
    'section',
    { class: 'trends', 'aria-label': '逐月趋势与互比互学' },
    h('h2', null, '逐月趋势与互比互学'),
    h('div', { class: 'trends-controls' }, h('label', null, '指标', indicator), h('label', null, '对比月份', compareMonth)),
    msg.el,
    body,
    recomputeForm,
  );
  return { el, load };
}
