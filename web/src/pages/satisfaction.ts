import { api, messageOf } from '../api';
import { submitterOf, whileBusy } from '../components/busy';
import { clearFieldErrors, showFieldErrors, field } from '../components/form-errors';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { fmtDay } from '../format';
import { pairs } from '../labels';
import { SATISFACTION_METHOD_LABELS, SATISFACTION_SUBJECT_LABELS, type Satisfaction } from '../people';
import type { PageContext, PageView } from '../router';
import { SATISFACTION_LABELS, type CaseView, type GroupView } from '../station-work';
import type { Assignment, Page } from '../types';

type SubjectKind = keyof typeof SATISFACTION_SUBJECT_LABELS;

/** Limits the server enforces (src/satisfaction/schema.ts). */
const NOTE_MAX = 1000;
const NAME_MAX = 30;

/** 满意度回访: after a completed service, a closed case or a group; the station's recent answers. */
export function satisfactionPage(ctx: PageContext): PageView {
  const msg = notice();
  const list = h('ul', { class: 'list card', 'aria-busy': 'true' });
  const choices: Record<SubjectKind, [string, string][]> = { assignment: [], case: [], group: [] };
  const names = new Map<string, string>();
  let disposed = false;

  const kind = h(
    'select',
    { name: 'subject.kind', required: true },
    options(pairs(SATISFACTION_SUBJECT_LABELS), ctx.query.get('kind') ?? 'assignment'),
  );
  const subject = h('select', { name: 'subject.id', required: true });
  const level = h('select', { name: 'level', required: true }, options(pairs(SATISFACTION_LABELS), 'satisfied'));
  const method = h('select', { name: 'method' }, options(pairs(SATISFACTION_METHOD_LABELS), 'phone'));
  const personName = h('input', { name: 'personName', maxlength: NAME_MAX, placeholder: '回答的人（选填）' });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: NOTE_MAX, placeholder: '服务对象的原话或意见（选填）' });

  function fillSubjects(selected?: string): void {
    const k = kind.value as SubjectKind;
    const items = choices[k];
    mount(subject, items.length ? options(items, selected) : h('option', { value: '' }, '暂无可回访的记录'));
  }
  kind.addEventListener('change', () => fillSubjects());

  async function loadChoices(): Promise<void> {
    const [assignments, cases, groups] = await Promise.all([
      api<Assignment[]>('/api/assignments', { query: { status: 'completed', limit: 100 } }),
      api<Page<CaseView>>('/api/cases', { query: { status: 'closed', limit: 100 } }),
      api<Page<GroupView>>('/api/groups', { query: { limit: 100 } }),
    ]);
    choices.assignment = assignments.map((a) => [a.id, `${a.needTitle ?? '服务'} · ${a.candidate.name}`]);
    choices.case = cases.items.map((c) => [c.id, `个案：${c.personName}`]);
    choices.group = groups.items.map((g) => [g.id, `小组：${g.name}`]);
    for (const k of Object.keys(choices) as SubjectKind[]) for (const [id, text] of choices[k]) names.set(id, text);
    // A link from a household page names its subject; it may be older than the lists above.
    const wanted = ctx.query.get('id');
    const k = kind.value as SubjectKind;
    if (wanted && !choices[k].some(([id]) => id === wanted)) choices[k].unshift([wanted, '所选记录']);
    fillSubjects(wanted ?? undefined);
  }

  async function load(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<Satisfaction>>('/api/satisfaction', { query: { limit: 50 } });
      if (disposed) return;
      mount(
        list,
        page.items.length
          ? page.items.map((s) =>
              h(
                'li',
                { class: 'satisfaction-row' },
                h(
                  'div',
                  { class: 'row between' },
                  h('span', null, names.get(s.subject.id) ?? SATISFACTION_SUBJECT_LABELS[s.subject.kind]),
                  h('span', { class: 'tag' }, SATISFACTION_LABELS[s.level]),
                ),
                h(
                  'p',
                  { class: 'muted small' },
                  [fmtDay(s.at), SATISFACTION_METHOD_LABELS[s.method], s.personName, s.note].filter(Boolean).join(' · '),
                ),
              ),
            )
          : h('li', { class: 'muted' }, '还没有满意度记录'),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card stack satisfaction-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        if (!subject.value) {
          msg.error('请选择回访的服务、个案或小组');
          return;
        }
        try {
          await whileBusy(submitterOf(e), '正在保存…', () =>
            api<Satisfaction>('/api/satisfaction', {
              body: {
                subject: { kind: kind.value, id: subject.value },
                level: level.value,
                method: method.value,
                personName: personName.value.trim(),
                note: note.value.trim(),
              },
            }),
          );
          msg.ok('满意度已登记');
          personName.value = '';
          note.value = '';
          await load();
        } catch (err) {
          msg.error(showFieldErrors(form, err));
        }
      },
    },
    h('h2', null, '登记满意度回访'),
    h('label', null, '回访对象', kind),
    h('label', null, '服务、个案或小组', subject),
    h('label', null, '满意度', level),
    h('label', null, '回访方式', method),
    h('label', null, '回答人', personName),
    field('意见', note, `最多 ${NOTE_MAX} 个字`),
    h('button', { type: 'submit', class: 'primary' }, '保存满意度'),
  );

  void loadChoices()
    .catch((err: unknown) => msg.error(messageOf(err)))
    .then(() => load());
  return {
    title: '满意度回访',
    el: h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', null, '满意度回访')),
      msg.el,
      form,
      h('h2', null, '最近的回访'),
      list,
    ),
    dispose() {
      disposed = true;
    },
  };
}
