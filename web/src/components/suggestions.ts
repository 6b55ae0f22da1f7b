import { api, messageOf } from '../api';
import { h } from '../dom';
import { score } from '../format';
import { CANDIDATE_KIND_LABELS } from '../labels';
import type { Assignment, Reason, Suggestion } from '../types';

const TONE_MARK: Record<NonNullable<Reason['tone']>, string> = { for: '＋', against: '－', neutral: '·' };
const TONE_NAME: Record<NonNullable<Reason['tone']>, string> = { for: '加分', against: '减分', neutral: '说明' };

/** One reason, marked for or against the candidate (a sign and a colour, and words for screen readers). */
export function reasonItem(r: Reason): HTMLElement {
  const tone = r.tone ?? 'neutral';
  return h(
    'li',
    { class: `reason reason-${tone}`, 'data-tone': tone },
    h('span', { class: 'tone', 'aria-label': TONE_NAME[tone] }, TONE_MARK[tone]),
    ' ',
    r.text,
  );
}

/** "约 10.7 公里": the kilometres of the suggestion, the same number as in its distance reason. */
export function kmText(km: number | null): string | null {
  return km === null ? null : `约 ${km.toFixed(1)} 公里`;
}

/** Ranked candidates for a need, each with its score, the reasons behind it, and a one-click 指派. */
export function suggestionList(
  needId: string,
  suggestions: Suggestion[] | null,
  opts: {
    canAssign: boolean;
    onAssigned(a: Assignment): void;
    onError(message: string): void;
    /** Replaces the plain assign (reassigning a need whose current assignment is cancelled first). */
    assign?: (s: Suggestion) => Promise<Assignment>;
    emptyText?: string;
  },
): HTMLElement {
  if (!suggestions) return h('p', { class: 'muted small' }, '正在计算推荐…');
  if (!suggestions.length) return h('p', { class: 'muted small' }, opts.emptyText ?? '暂无符合条件的候选（可打开需求查看原因）');
  const assign =
    opts.assign ?? ((s: Suggestion) => api<Assignment>('/api/assignments', { body: { needId, candidate: { kind: s.kind, id: s.id } } }));
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
          opts.onAssigned(await assign(s));
        } catch (err) {
          opts.onError(messageOf(err));
          button.disabled = false;
          button.textContent = '指派';
        }
      });
      const pctScore = Math.round(s.score * 100);
      const km = kmText(s.distanceKm);
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
            km ? h('span', { class: 'muted small', 'data-km': String(s.distanceKm) }, ` ${km}`) : null,
          ),
          button,
        ),
        h(
          'div',
          { class: 'score', title: `匹配度 ${score(s.score)} 分` },
          h('span', { class: 'bar' }, h('i', { style: `width:${Math.max(2, Math.min(100, pctScore))}%` })),
          h('span', { class: 'small' }, `${score(s.score)} 分`),
        ),
        h('ul', { class: 'reasons' }, s.reasons.map(reasonItem)),
      );
    }),
  );
}
