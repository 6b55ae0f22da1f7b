import { h } from '../dom';

/** A horizontal CSS bar chart: one row per item, scaled to the largest value (or to `max`). */
export function barChart(title: string, rows: { label: string; value: number | null; text: string }[], max?: number): HTMLElement {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value ?? 0));
  return h(
    'figure',
    { class: 'card chart', 'aria-label': title },
    h('figcaption', null, h('strong', null, title)),
    rows.map((r) =>
      h(
        'div',
        { class: 'chart-row' },
        h('span', { class: 'name', title: r.label }, r.label),
        h(
          'span',
          { class: 'bar', role: 'img', 'aria-label': `${r.label} ${r.text}` },
          h('i', { style: `width:${!r.value ? 0 : Math.max(1, Math.min(100, (r.value / top) * 100))}%` }),
        ),
        h('span', { class: 'val' }, r.text),
      ),
    ),
  );
}
