import { h } from '../dom';
import type { Need } from '../types';

/**
 * Who a need is for and where: the household's name, phone (masked in lists) and village, and for a
 * county admin the station the need belongs to.
 */
export function needWho(n: Need, opts: { showStation?: boolean } = {}): HTMLElement {
  const parts: string[] = [];
  if (opts.showStation && n.stationName) parts.push(n.stationName);
  const village = n.household?.communityName ?? n.communityName;
  if (village) parts.push(village);
  if (n.household) parts.push(n.household.phone ? `${n.household.name}（${n.household.phone}）` : n.household.name);
  return h('p', { class: 'need-who', 'data-who': true }, parts.length ? parts.join(' · ') : '未登记服务对象');
}
