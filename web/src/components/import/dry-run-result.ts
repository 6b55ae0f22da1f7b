import { h } from '../../dom';
import type { DryRun } from '../../types';
import { problemsTable } from '../problems-table';
import { downloadButton } from './download';

/**
 * Step 3: what the dry run found — rows to import, blank rows skipped, villages found in addresses
 * and rows that could not be placed — with the commit button (disabled when no row is valid), a
 * download of the rows with problems, and a way back.
 */
export function dryRunResult(
  r: DryRun,
  props: { filename: string; onCommit(button: HTMLButtonElement): void; onBack(): void; onError(message: string): void },
): HTMLElement {
  const commit = h('button', { type: 'button', class: 'primary' }, `正式导入 ${r.validRows} 行`);
  commit.disabled = r.validRows === 0;
  commit.addEventListener('click', () => props.onCommit(commit));
  const base = props.filename.replace(/\.[^.]+$/u, '');
  const placement = !r.villageColumn
    ? h(
        'div',
        { class: 'card village-note', 'data-village': 'from-address' },
        h('p', null, `文件没有“所在村(社区)”列：已从地址中识别出 ${r.placedFromAddress} 行的村(社区)。`),
        r.unplacedRows.length
          ? h(
              'p',
              { class: 'warn', 'data-unplaced': r.unplacedRows.join(',') },
              `${r.unplacedRows.length} 行的地址中找不到本站的村(社区)，未能定位：第 ${r.unplacedRows.join('、')} 行。请在文件中补填村(社区)后重新上传。`,
            )
          : h('p', { class: 'ok small' }, '所有行都已定位到村(社区)。'),
      )
    : r.placedFromAddress
      ? h('p', { class: 'muted small' }, `${r.placedFromAddress} 行的村(社区)为空，已从地址中识别。`)
      : null;
  return h(
    'div',
    { class: 'card stack', 'data-dry-run': 'done' },
    h(
      'div',
      { class: 'stats' },
      h('div', { class: 'stat' }, h('strong', null, String(r.totalRows)), h('span', null, '总行数')),
      h('div', { class: 'stat', 'data-stat': 'valid' }, h('strong', null, String(r.validRows)), h('span', null, '可导入')),
      h('div', { class: 'stat', 'data-stat': 'invalid' }, h('strong', null, String(r.invalidRows)), h('span', null, '有问题')),
      r.skippedRows
        ? h('div', { class: 'stat', 'data-stat': 'skipped' }, h('strong', null, String(r.skippedRows)), h('span', null, '空白行已跳过'))
        : null,
    ),
    placement,
    h('h2', null, '检查结果'),
    problemsTable(r.problems, r.problemCount),
    r.problemCount
      ? h(
          'div',
          { class: 'row' },
          downloadButton('下载有问题的行', `/api/imports/${r.jobId}/problems.csv`, `${base}-问题行.csv`, props.onError),
        )
      : null,
    h('p', { class: 'muted small' }, '有问题的行不会导入；修改文件后可重新上传，同一行重复导入不会重复创建。'),
    h('div', { class: 'row' }, commit, h('button', { type: 'button', onclick: () => props.onBack() }, '返回修改对应关系')),
  );
}
