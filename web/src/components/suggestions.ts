import { api, messageOf } from '../api';
import { h } from '../dom';
import { score } from '../format';
import { CANDIDATE_KIND_LABELS } from '../labels';
import type { Assignment, Suggestion } from '../types';

/** Ranked candidates for a need, each with its score, the reasons behind it, and a one-click 指派. */
export function suggestionList(
  needId: string,
  suggestions: Suggestion[] | null,
  opts: { canAssign: boolean; onAssigned(a: Assignment): void; onError(message: string): void },
): HTMLElement {
  if (!suggestions) return h('p', { class: 'muted small' }, '正在计算推荐…');
  if (!suggestions.length) return h('p', { class: 'muted small' }, '暂无符合条件的候选（可打开需求查看原因）');
  return h(
    'ol',
    { class: 'suggestions' },
    suggestions.map((s) => {
      const button = h('button', { type: 'button', class: 'primary small', 'data-assign': s.id }, '指派');
      button.hidden = !opts.canAssign;
      button.addEventListener('click', async () => {
        button.disabled = true;
        button.textContent = '指派中…';
        try {
          const a = await api<Assignment>('/api/assignments', { body: { needId, candidate: { kind: s.kind, id: s.id } } });
          opts.onAssigned(a);
        } catch (err) {
          opts.onError(messageOf(err));
          button.disabled = false;
          button.textContent = '指派';
        }
      });
      const pctScore = Math.round(s.score * 100);
      return h(
        'li',
        { class: 'suggestion', 'data-candidate-id': s.id, 'data-kind': s.kind },
        h(
          'div',
          { class: 'row between' },
          h(
            'div',
            null,
            h('strong', null, s.name),
            ' ',
            h('span', { class: 'tag' }, CANDIDATE_KIND_LABELS[s.kind] ?? s.kind),
            s.distanceKm !== null ? h('span', { class: 'muted small' }, ` 约 ${s.distanceKm.toFixed(1)} 公里`) : null,
          ),
          button,
        ),
        h(
          'div',
          { class: 'score', title: `匹配度 ${score(s.score)} 分` },
          h('span', { class: 'bar' }, h('i', { style: `width:${Math.max(2, Math.min(100, pctScore))}%` })),
          h('span', { class: 'small' }, `${score(s.score)} 分`),
        ),
        h(
          'ul',
          { class: 'reasons' },
          s.reasons.map((r) => h('li', null, r.text)),
        ),
      );
    }),
  );
}
