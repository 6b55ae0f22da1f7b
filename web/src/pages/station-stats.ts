import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { pct, thisMonth } from '../format';
import type { PageContext, PageView } from '../router';
import type { StationStats } from '../station-work';

/** The figures a station is judged on, in the order of its 台账. */
const FIGURES: Array<[string, (s: StationStats) => string]> = [
  ['服务对象人数', (s) => `${s.servicePeople}`],
  ['服务对象人次', (s) => `${s.servicePersonTimes}`],
  ['入户走访户次', (s) => `${s.homeVisits}`],
  ['探访次数（含电话、视频）', (s) => `${s.visits}`],
  ['重点对象探访率（按户）', (s) => `${pct(s.householdVisitRate)}（${s.keyTargetHouseholdsVisited}/${s.keyTargetHouseholds} 户）`],
  ['重点对象探访率（按人）', (s) => `${pct(s.personVisitRate)}（${s.keyTargetPeopleVisited}/${s.keyTargetPeople} 人）`],
  ['个案数（新开/结案/在案）', (s) => `${s.casesOpened} / ${s.casesClosed} / ${s.casesActive}`],
  ['个案服务人次', (s) => `${s.caseServiceTimes}`],
  ['小组数 / 场次 / 人次', (s) => `${s.groups} / ${s.groupSessions} / ${s.groupAttendance}`],
  ['社区活动场次 / 人次', (s) => `${s.activities} / ${s.activityParticipants}`],
  [
    '转介件数（已解决/已受理/未受理/逾期/待回复）',
    (s) =>
      `${s.referrals}（${s.referralOutcomes.resolved}/${s.referralOutcomes.accepted}/${s.referralOutcomes.refused}/${s.referralOutcomes.no_answer}/${s.referralOutcomes.sent}）`,
  ],
  ['志愿服务人次 / 时长', (s) => `${s.volunteerServiceTimes} / ${s.volunteerHours} 小时`],
  ['满意率（满意+基本满意）', (s) => `${pct(s.satisfactionRate)}（${s.satisfactionAnswers} 份）`],
  ['待匹配需求（当前）', (s) => `${s.openNeeds}`],
  ['新增需求 / 已匹配 / 匹配率', (s) => `${s.needsCreated} / ${s.needsMatched} / ${pct(s.matchRate)}`],
];

/** Station statistics for a month, quarter or year (站与全县). */
export function stationStatsPage(ctx: PageContext): PageView {
  const msg = notice();
  const period = h('input', {
    name: 'period',
    value: ctx.query.get('period') ?? thisMonth(),
    pattern: '\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?',
    required: true,
  });
  const quick = h(
    'select',
    { name: 'quick', 'aria-label': '常用周期', onchange: () => (period.value = quick.value) },
    options([
      [thisMonth(), '本月'],
      [`${thisMonth().slice(0, 4)}-Q${Math.floor((Number(thisMonth().slice(5)) - 1) / 3) + 1}`, '本季度'],
      [thisMonth().slice(0, 4), '本年'],
    ]),
  );
  const body = h('div', { 'aria-busy': 'true' });

  async function load(): Promise<void> {
    try {
      const res = await api<{ period: string; stations: StationStats[]; county: StationStats | null }>('/api/stats/stations', {
        query: { period: period.value },
      });
      const cols = [...res.stations, ...(res.county ? [res.county] : [])];
      mount(
        body,
        h(
          'div',
          { class: 'card table-wrap' },
          h(
            'table',
            { class: 'report station-stats' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, `统计周期 ${res.period}`),
                cols.map((c) => h('th', { 'data-station': c.stationCode }, c.stationName)),
              ),
            ),
            h(
              'tbody',
              null,
              FIGURES.map(([label, f]) =>
                h(
                  'tr',
                  { 'data-figure': label },
                  h('th', null, label),
                  cols.map((c) => h('td', null, f(c))),
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

  const form = h(
    'form',
    {
      class: 'filters card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        ctx.navigate(`/stats?period=${encodeURIComponent(period.value)}`, true);
      },
    },
    h('label', null, '统计周期（如 2026-11、2026-Q1 或 2026）', period),
    h('label', null, '常用', quick),
    h('button', { type: 'submit', class: 'primary' }, '统计'),
  );
  void load();
  return {
    title: '工作统计',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '工作统计')), form, msg.el, body),
  };
}
