import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { thisMonth } from '../format';
import type { PageContext, PageView } from '../router';
import type { Station } from '../types';

/** A round as listed. */
export interface Round {
  id: string;
  name: string;
  period: { from: string; to: string };
  stationCodes: string[];
  status: 'planned' | 'scoring' | 'reported' | 'published';
  statusName: string;
  schemeName: string;
  schemeVersion: string;
}

/** 社工站评估: rounds (plan → scoring → report → 公示); the admin plans a new one here. */
export function evaluationPage(ctx: PageContext): PageView {
  const msg = notice();
  const list = h('div', { 'aria-busy': 'true' });
  const isAdmin = ctx.user.role === 'admin';
  const stationsBox = h('fieldset', { class: 'row' }, h('legend', null, '评估对象'));
  const name = h('input', {
    name: 'name',
    required: true,
    value: `${thisMonth().slice(0, 4)}年度社工站评估`,
    'aria-label': '评估名称',
    size: 24,
  });
  const from = h('input', {
    type: 'month',
    name: 'from',
    required: true,
    value: `${thisMonth().slice(0, 4)}-01`,
    'aria-label': '评估期开始',
  });
  const to = h('input', { type: 'month', name: 'to', required: true, value: thisMonth(), 'aria-label': '评估期结束' });
  const evaluator = h('input', { name: 'evaluator', required: true, 'aria-label': '评估人员', placeholder: '姓名' });
  const org = h('input', { name: 'organisation', 'aria-label': '评估机构', placeholder: '第三方评估机构' });

  async function load(): Promise<void> {
    try {
      const rounds = await api<Round[]>('/api/evaluation/rounds');
      mount(
        list,
        rounds.length
          ? h(
              'div',
              { class: 'table-wrap card' },
              h(
                'table',
                null,
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    ['评估', '评估期', '社工站数', '方案', '状态'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  rounds.map((r) =>
                    h(
                      'tr',
                      { 'data-round': r.id },
                      h('th', { scope: 'row' }, h('a', { href: `/evaluation/${r.id}`, 'data-link': true }, r.name)),
                      h('td', null, `${r.period.from} 至 ${r.period.to}`),
                      h('td', null, String(r.stationCodes.length)),
                      h('td', null, `${r.schemeName}（${r.schemeVersion}）`),
                      h('td', { 'data-status': r.status }, r.statusName),
                    ),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, isAdmin ? '还没有评估。' : '暂无已公示的评估结果。'),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  async function loadStations(): Promise<void> {
    const stations = await api<Station[]>('/api/stations');
    for (const s of stations.filter((x) => x.active !== false))
      stationsBox.append(
        h('label', null, h('input', { type: 'checkbox', name: 'station', value: s.code }), s.name.replace(/(人民政府|街道办事处)$/u, '')),
      );
  }

  async function plan(e: Event): Promise<void> {
    e.preventDefault();
    msg.clear();
    const stationCodes = [...stationsBox.querySelectorAll<HTMLInputElement>('input[name=station]:checked')].map((i) => i.value);
    try {
      const round = await api<Round>('/api/evaluation/rounds', {
        body: {
          name: name.value,
          period: { from: from.value, to: to.value },
          stationCodes,
          evaluators: [{ name: evaluator.value, ...(org.value.trim() ? { organisation: org.value.trim() } : {}) }],
        },
      });
      ctx.navigate(`/evaluation/${round.id}`);
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  void load();
  if (isAdmin) void loadStations().catch((err: unknown) => msg.error(messageOf(err)));
  return {
    title: '社工站评估',
    el: h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, '社工站评估'),
        h('p', { class: 'muted small' }, '建设评估与运行评估：制定计划、开展评估、出具报告、结果公示。'),
      ),
      msg.el,
      isAdmin
        ? h(
            'form',
            { class: 'card', onsubmit: (e: Event) => void plan(e), 'aria-label': '制定评估计划' },
            h('h2', null, '制定评估计划'),
            h('div', { class: 'row' }, h('label', null, '名称', name), h('label', null, '从', from), h('label', null, '至', to)),
            stationsBox,
            h('div', { class: 'row' }, h('label', null, '评估人员', evaluator), h('label', null, '评估机构', org)),
            h('button', { type: 'submit', class: 'primary' }, '制定计划'),
          )
        : null,
      list,
    ),
  };
}
