import { api, messageOf } from '../../api';
import { h } from '../../dom';
import type { ImportJob } from '../../types';
import type { Notice } from '../notice';
import { progressBar } from '../progress';

/** Polling interval while an import runs; import.progress events only make the next poll come sooner. */
const POLL_MS = 700;

export interface ImportProgress {
  el: HTMLElement;
  /** Starts the import and follows it until it completes or fails. */
  commit(jobId: string): Promise<void>;
  /** An import.progress event arrived: poll now. */
  nudge(): void;
  dispose(): void;
}

/** Step 4: the running import's progress bar and, at the end, its counts (or the failure). */
export function importProgress(props: { msg: Notice; onAgain(): void; onCompleted?(): void }): ImportProgress {
  const { msg } = props;
  const bar = progressBar('导入进度');
  const status = h('p', { class: 'small', role: 'status' }, '正在导入…');
  const heading = h('h2', null, '正在导入');
  const el = h('div', { class: 'card stack', 'data-import': 'running' }, heading, bar.el, status);
  let pollTimer: number | undefined;
  let disposed = false;
  let onProgress: (() => void) | null = null;

  async function poll(id: string): Promise<void> {
    try {
      show(await api<ImportJob>(`/api/imports/${id}`));
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  function show(j: ImportJob): void {
    if (status.dataset.done || disposed) return;
    bar.set(j.rowsDone, j.totalRows);
    window.clearTimeout(pollTimer);
    if (j.status === 'completed') {
      onProgress = null;
      bar.set(j.totalRows ?? j.rowsDone, j.totalRows ?? j.rowsDone);
      heading.textContent = '导入完成';
      el.dataset.import = 'completed';
      status.textContent =
        [
          `导入已完成：新建 ${j.counts.householdsCreated} 户、更新 ${j.counts.householdsMatched} 户，新增需求 ${j.counts.needsCreated} 条`,
          j.counts.unchanged ? `未变化 ${j.counts.unchanged} 行` : '',
          j.counts.invalid ? `有问题未导入 ${j.counts.invalid} 行` : '',
          j.counts.skipped ? `空白行跳过 ${j.counts.skipped} 行` : '',
          j.counts.placedFromAddress ? `从地址识别村(社区) ${j.counts.placedFromAddress} 行` : '',
        ]
          .filter(Boolean)
          .join('，') + '。';
      status.dataset.done = 'true';
      props.onCompleted?.();
      status.after(
        h(
          'div',
          { class: 'row' },
          h('a', { href: '/board', 'data-link': true, class: 'button primary' }, '去看板查看推荐'),
          h('button', { type: 'button', onclick: () => props.onAgain() }, '再导入一个文件'),
        ),
      );
      return;
    }
    if (j.status === 'failed') {
      onProgress = null;
      status.dataset.done = 'failed';
      heading.textContent = '导入未完成';
      el.dataset.import = 'failed';
      status.textContent = `导入失败：${j.error ?? '未知错误'}`;
      status.className = 'small error';
      return;
    }
    pollTimer = window.setTimeout(() => {
      if (!disposed) void poll(j.id);
    }, POLL_MS);
    onProgress = () => {
      window.clearTimeout(pollTimer);
      pollTimer = window.setTimeout(() => void poll(j.id), 0);
    };
  }

  return {
    el,
    async commit(jobId) {
      try {
        show(await api<ImportJob>(`/api/imports/${jobId}/commit`, { method: 'POST' }));
      } catch (err) {
        msg.error(messageOf(err));
      }
    },
    nudge: () => onProgress?.(),
    dispose() {
      disposed = true;
      window.clearTimeout(pollTimer);
    },
  };
}
