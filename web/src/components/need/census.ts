import { api, messageOf } from '../../api';
import { h, mount } from '../../dom';
import type { CandidateCensus } from '../../types';

const WIDEN_KM = 10;

/**
 * "Why are there no (more) candidates": how many of the county's candidates each hard rule excluded,
 * and a button that searches again with every service radius widened.
 */
export function censusBox(needId: string, onWiden: (km: number) => void): HTMLElement {
  const box = h('div', { class: 'census', 'data-census': '' }, h('p', { class: 'muted small' }, '正在统计排除原因…'));
  api<CandidateCensus>(`/api/needs/${needId}/candidates/census`, { query: { widenKm: WIDEN_KM } })
    .then((c) => {
      const widen = h('button', { type: 'button', 'data-widen': String(c.widenKm) }, `扩大 ${c.widenKm} 公里再找`);
      widen.addEventListener('click', () => onWiden(c.widenKm));
      mount(
        box,
        h(
          'p',
          { class: 'small' },
          `全县候选 ${c.pool} 个，未被硬性规则排除的 ${c.eligible} 个，推荐 ${c.proposed} 个${c.refused ? `，已婉拒或超时 ${c.refused} 个` : ''}。`,
        ),
        c.byRule.length
          ? h(
              'ul',
              { class: 'list small', 'aria-label': '各硬性规则排除的候选数' },
              c.byRule.map((r) => h('li', { 'data-rule': r.rule }, h('span', null, r.label), h('strong', null, `${r.count} 个`))),
            )
          : null,
        h(
          'p',
          { class: 'small' },
          c.proposedIfWidened > c.proposed
            ? `服务半径扩大 ${c.widenKm} 公里后可推荐 ${c.proposedIfWidened} 个。`
            : `服务半径扩大 ${c.widenKm} 公里后仍为 ${c.proposedIfWidened} 个。`,
          ' ',
          widen,
        ),
      );
    })
    .catch((err: unknown) => mount(box, h('p', { class: 'error small' }, messageOf(err))));
  return box;
}
