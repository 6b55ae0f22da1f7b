import type { ExportCell } from '../exports/cells.js';
import { esc, printPage } from '../exports/print.js';
import type { ExportSheet } from '../exports/workbook.js';
import type { RoundDoc } from './repository.js';
import type { StationResult } from './service.js';

const SOURCE: Record<string, string> = { computed: '系统计算', entered: '评估录入', missing: '未评分' };
const list = (xs: string[]) => (xs.length ? `<ol>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ol>` : '<p>—</p>');
const fmt = (v: number | null, unit: string) =>
  v === null ? '—' : unit === '%' ? `${Math.round(v * 1000) / 10}%` : `${Math.round(v * 100) / 100}${unit}`;

/** The printable evaluation report (A4; one station per page section). */
export function reportHtml(round: RoundDoc, results: StationResult[]): string {
  const summary = `<h1>${esc(round.name)}</h1>
<p class="meta">评估期 ${esc(round.period.from)} 至 ${esc(round.period.to)} · 评估方案 ${esc(round.scheme.name)}（${esc(round.scheme.version)}）<br>
评估人员：${esc(round.evaluators.map((e) => e.name + (e.organisation ? `（${e.organisation}）` : '')).join('、') || '—')}</p>
<h2>评估结果汇总</h2>
<table><tr><th>社工站</th>${round.scheme.groups.map((g) => `<th>${esc(g.name)}</th>`).join('')}<th>总分</th><th>星级</th></tr>
${results.map((r) => `<tr><td>${esc(r.stationName)}</td>${r.groups.map((g) => `<td class="num">${g.score} / ${g.max}</td>`).join('')}<td class="num">${r.total}</td><td>${esc(r.star.name)}</td></tr>`).join('')}
</table>`;
  const stations = results
    .map(
      (r) => `<section class="station-report">
<h2>${esc(r.stationName)}：${r.total} 分，${esc(r.star.name)}</h2>
${round.scheme.groups
  .map(
    (
      g,
    ) => `<h3>${esc(g.name)}（${r.groups.find((x) => x.id === g.id)?.score ?? 0} / ${r.groups.find((x) => x.id === g.id)?.max ?? 0} 分）</h3>
<table><tr><th>指标</th><th>实际值</th><th>得分 / 分值</th><th>来源</th><th>说明与佐证</th></tr>
${r.indicators
  .filter((i) => i.group === g.id)
  .map(
    (i) =>
      `<tr><td>${esc(i.name)}</td><td>${esc(fmt(i.value, i.unit))}</td><td class="num">${i.score} / ${i.weight}</td><td>${esc(SOURCE[i.source])}</td><td>${esc([i.detail, i.note, ...i.evidence].filter(Boolean).join('；'))}</td></tr>`,
  )
  .join('')}
</table>`,
  )
  .join('')}
<h3>主要优势</h3>${list(r.strengths)}
<h3>存在问题</h3>${list(r.problems)}
<h3>改进建议</h3>${list(r.suggestions)}
</section>`,
    )
    .join('');
  return printPage(
    round.name,
    summary + stations + `<div class="sign"><span>评估组织单位（盖章）</span><span>评估人员（签字）</span></div>`,
  );
}

/** The report as sheets: a summary, then one sheet per station. */
export function reportSheets(round: RoundDoc, results: StationResult[]): ExportSheet[] {
  const summary: ExportSheet = {
    name: '评估结果汇总',
    titleLines: [
      round.name,
      `评估期：${round.period.from} 至 ${round.period.to}`,
      `评估方案：${round.scheme.name}（${round.scheme.version}）`,
    ],
    columns: [
      { header: '社工站', width: 24 },
      ...round.scheme.groups.map((g) => ({ header: g.name, width: 12 })),
      { header: '总分' },
      { header: '星级' },
    ],
    rows: results.map((r): ExportCell[] => [r.stationName, ...r.groups.map((g) => g.score), r.total, r.star.name]),
  };
  const perStation = results.map((r): ExportSheet => ({
    name: r.stationName.replace(/[\\/?*[\]:]/g, '').slice(0, 31),
    titleLines: [`${r.stationName} 评估结果：${r.total} 分，${r.star.name}`],
    columns: [
      { header: '指标组', width: 12 },
      { header: '编号', width: 6 },
      { header: '指标', width: 30 },
      { header: '实际值', width: 14 },
      { header: '分值' },
      { header: '得分' },
      { header: '来源' },
      { header: '说明与佐证', width: 50 },
    ],
    rows: [
      ...r.indicators.map((i): ExportCell[] => [
        round.scheme.groups.find((g) => g.id === i.group)?.name ?? i.group,
        i.id,
        i.name,
        fmt(i.value, i.unit),
        i.weight,
        i.score,
        SOURCE[i.source],
        [i.detail, i.note, ...i.evidence].filter(Boolean).join('；'),
      ]),
      [],
      ['主要优势', '', r.strengths.join('；')],
      ['存在问题', '', r.problems.join('；')],
      ['改进建议', '', r.suggestions.join('；')],
    ],
  }));
  return [summary, ...perStation];
}
