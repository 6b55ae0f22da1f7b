import { h } from '../../dom';
import { pct } from '../../format';

/** A progress bar toward 100% with its count ("已探访 12 / 30 户（40%）"). */
export function rateBar(label: string, done: number, total: number, unit: string): HTMLElement {
  const rate = total ? done / total : null;
  const value = Math.round((rate ?? 0) * 100);
  return h(
    'div',
    { class: 'progress-wrap rate-bar' },
    h('span', { class: 'small' }, label),
    h(
      'div',
      {
        class: 'progress',
        role: 'progressbar',
        'aria-label': label,
        'aria-valuemin': '0',
        'aria-valuemax': '100',
        'aria-valuenow': String(value),
      },
      h('i', { style: `width:${value}%` }),
    ),
    h('span', { class: 'small' }, `${done} / ${total} ${unit}（${pct(rate)}）`),
  );
}
