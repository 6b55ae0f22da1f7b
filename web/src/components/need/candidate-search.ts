import { api, messageOf } from '../../api';
import { h, mount, options } from '../../dom';
import { CANDIDATE_KIND_LABELS, pairs } from '../../labels';
import type { CandidateExplanation, CandidateHit } from '../../types';
import { kmText, reasonItem } from '../suggestions';

/**
 * Picking any candidate of the county by hand: search by name or skill; each hit says whether it may take
 * the need, and if not which hard rule says no; an eligible one can be asked why it is not suggested.
 */
export function candidateSearch(needId: string, opts: { canAssign: boolean; pick(hit: CandidateHit): Promise<void> }): HTMLElement {
  const q = h('input', { type: 'search', name: 'candidateQ', maxlength: 30, placeholder: '姓名、技能或机构名称' });
  const kind = h('select', { name: 'candidateKind' }, options([['', '全部'], ...pairs(CANDIDATE_KIND_LABELS)], ''));
  const go = h('button', { type: 'submit' }, '查找候选');
  const out = h('ul', { class: 'list hits', 'aria-live': 'polite' });

  async function find(): Promise<void> {
    go.disabled = true;
    go.textContent = '查找中…';
    try {
      const hits = await api<CandidateHit[]>(`/api/needs/${needId}/candidates`, {
        query: { q: q.value.trim(), kind: kind.value, limit: 20 },
      });
      mount(out, hits.length ? hits.map(row) : h('li', { class: 'muted' }, '全县没有找到这个名字的候选（未审核的不在其中）'));
    } catch (err) {
      mount(out, h('li', { class: 'error' }, messageOf(err)));
    } finally {
      go.disabled = false;
      go.textContent = '查找候选';
    }
  }

  function row(c: CandidateHit): HTMLElement {
    const why = h('div', { class: 'small' });
    const actions = h('div', { class: 'row' });
    if (c.eligible && opts.canAssign) {
      const pick = h('button', { type: 'button', class: 'primary small', 'data-pick': c.id }, '指派');
      pick.addEventListener('click', async () => {
        pick.disabled = true;
        pick.textContent = '指派中…';
        try {
          await opts.pick(c);
        } finally {
          pick.disabled = false;
          pick.textContent = '指派';
        }
      });
      actions.append(pick);
    }
    if (c.eligible) {
      const ask = h('button', { type: 'button', class: 'small' }, '为什么没推荐');
      ask.addEventListener('click', async () => {
        try {
          const e = await api<CandidateExplanation>(`/api/needs/${needId}/candidates/${c.kind}/${c.id}/explanation`);
          mount(
            why,
            e.rank
              ? [
                  h('p', null, `在推荐之列，匹配度 ${Math.round(e.rank.score * 100)} 分：`),
                  h('ul', { class: 'reasons' }, e.rank.reasons.map(reasonItem)),
                ]
              : h('p', null, '没有硬性规则排除，但与需求的类别和描述关联太弱，或排在推荐名单之后。'),
          );
        } catch (err) {
          mount(why, h('p', { class: 'error' }, messageOf(err)));
        }
      });
      actions.append(ask);
    }
    const km = kmText(c.distanceKm);
    return h(
      'li',
      { 'data-candidate-id': c.id, 'data-eligible': String(c.eligible) },
      h(
        'div',
        null,
        h('strong', null, c.name),
        ' ',
        h('span', { class: 'tag' }, CANDIDATE_KIND_LABELS[c.kind] ?? c.kind),
        km ? h('span', { class: 'muted small' }, ` ${km}`) : null,
        c.eligible
          ? null
          : h(
              'ul',
              { class: 'reasons', 'aria-label': '不能指派的原因' },
              c.exclusions.map((e) =>
                h(
                  'li',
                  { class: 'reason reason-against', 'data-rule': e.rule },
                  h('span', { class: 'tone' }, '－'),
                  ` ${e.label}：${e.text}`,
                ),
              ),
            ),
        why,
      ),
      actions,
    );
  }

  return h(
    'div',
    { class: 'candidate-search' },
    h(
      'form',
      {
        class: 'row',
        role: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void find();
        },
      },
      h('label', { class: 'grow' }, '按名称查找候选', q),
      h('label', null, '类型', kind),
      go,
    ),
    out,
  );
}
