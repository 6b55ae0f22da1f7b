import { h } from '../../dom';
import type { DryRun } from '../../types';
import { problemsTable } from '../problems-table';

/** Step 3: what the dry run found, with the commit button (disabled when no row is valid) and a way back. */
export function dryRunResult(r: DryRun, props: { onCommit(button: HTMLButtonElement): void; onBack(): void }): HTMLElement {
  const commit = h('button', { type: 'button', class: 'primary' }, `正式导入 ${r.validRows} 行`);
  commit.disabled = r.validRows === 0;
  commit.addEventListener('click', () => props.onCommit(commit));
  return h(
    'div',
    { class: 'card stack', 'data-dry-run': 'done' },
    h(
      'div',
      { class: 'stats' },
      h('div', { class: 'stat' }, h('strong', null, String(r.totalRows)), h('span', null, '总行数')),
      h('div', { class: 'stat', 'data-stat': 'valid' }, h('strong', null, String(r.validRows)), h('span', null, '可导入')),
      h('div', { class: 'stat', 'data-stat': 'invalid' }, h('strong', null, String(r.invalidRows)), h('span', null, '有问题')),
    ),
    h('h2', null, '检查结果'),
    problemsTable(r.problems, r.problemCount),
    h('p', { class: 'muted small' }, '有问题的行不会导入；修改文件后可重新上传，同一行重复导入不会重复创建。'),
    h('div', { class: 'row' }, commit, h('button', { type: 'button', onclick: () => props.onBack() }, '返回修改对应关系')),
  );
}
