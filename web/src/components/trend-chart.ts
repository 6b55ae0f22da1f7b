/** A month-by-month column chart in plain SVG: one column per month, scaled to the largest value (or `max`). */
const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface TrendPoint {
  month: string;
  value: number | null;
  text: string;
}

/** "2026-03" → "3月" (January carries its year, so a 12-month span reads across the new year). */
export const monthLabel = (m: string) => (m.endsWith('-01') ? `${m.slice(2, 4)}年1月` : `${Number(m.slice(5))}月`);

export function trendChart(title: string, points: TrendPoint[], max?: number): HTMLElement {
  const W = 360;
  const H = 190;
  const top = 16;
  const bottom = 24;
  const left = 6;
  const slot = (W - left * 2) / Math.max(1, points.length);
  const peak = max ?? Math.max(1, ...points.map((p) => p.value ?? 0));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trend-svg', role: 'img', 'aria-label': title });
  chart.append(svg('line', { x1: left, x2: W - left, y1: H - bottom, y2: H - bottom, class: 'axis' }));
  points.forEach((p, i) => {
    const x = left + i * slot;
    const height = p.value ? Math.max(1, (Math.min(p.value, peak) / peak) * (H - top - bottom)) : 0;
    const g = svg('g', { 'data-month': p.month });
    const bar = svg('rect', { x: x + slot * 0.18, y: H - bottom - height, width: slot * 0.64, height, rx: 2, class: 'col' });
    bar.append(svg('title', {}, `${p.month}：${p.text}`));
    g.append(bar);
    if (p.value !== null)
      g.append(svg('text', { x: x + slot / 2, y: H - bottom - height - 3, 'text-anchor': 'middle', class: 'v' }, p.text));
    g.append(svg('text', { x: x + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'm' }, monthLabel(p.month)));
    chart.append(g);
  });
  const fig = document.createElement('figure');
  fig.className = 'card chart trend';
  fig.setAttribute('aria-label', title);
  const cap = document.createElement('figcaption');
  const strong = document.createElement('strong');
  strong.textContent = title;
  cap.append(strong);
  fig.append(cap, chart);
  return fig;
}
