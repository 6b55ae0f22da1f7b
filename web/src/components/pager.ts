import { h } from '../dom';

/** Previous / next page buttons with "第 x / y 页"; `go` receives the 0-based page. */
export function pager(go: (page: number) => void): { el: HTMLElement; update(page: number, pages: number): void } {
  let current = 0;
  const prev = h('button', { type: 'button' }, '上一页');
  const next = h('button', { type: 'button' }, '下一页');
  const where = h('span', { class: 'muted small' });
  prev.addEventListener('click', () => go(current - 1));
  next.addEventListener('click', () => go(current + 1));
  const el = h('nav', { class: 'pager', 'aria-label': '翻页' }, prev, where, next);
  return {
    el,
    update(page, pages) {
      current = page;
      el.hidden = pages <= 1;
      prev.disabled = page <= 0;
      next.disabled = page + 1 >= pages;
      where.textContent = `第 ${page + 1} / ${pages} 页`;
    },
  };
}
