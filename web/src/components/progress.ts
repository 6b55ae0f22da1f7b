import { h } from '../dom';

/** A labelled progress bar (role=progressbar). */
export function progressBar(label: string): { el: HTMLElement; set(done: number, total: number | null): void } {
  const fill = h('i');
  const text = h('span', { class: 'small' });
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  return {
    el: h('div', { class: 'progress-wrap' }, bar, text),
    set(done, total) {
      const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 0;
      fill.style.width = `${pct}%`;
      bar.setAttribute('aria-valuenow', String(pct));
      text.textContent = total ? `${done} / ${total} 行（${pct}%）` : `已处理 ${done} 行`;
    },
  };
}
