import { messageOf } from '../../api';
import { h, options } from '../../dom';
import type { ImportJob, SurveyTemplate } from '../../types';
import type { Notice } from '../notice';
import { problemsTable } from '../problems-table';

/**
 * Step 2: one select per template question, preset from the remembered mapping; `submit` saves it and
 * moves on. A failure re-enables the button and shows the message.
 */
export function mappingForm(props: {
  job: ImportJob;
  template: SurveyTemplate | undefined;
  msg: Notice;
  submit(columnMapping: Record<string, string>, remember: boolean): Promise<void>;
}): HTMLElement {
  const { job: j, msg } = props;
  const questions = props.template?.questions ?? Object.keys(j.columnMapping).map((key) => ({ key, label: key, required: false }));
  const selects = questions.map((q) => {
    const s = h(
      'select',
      { name: q.key, 'aria-label': q.label },
      options([['', '（不导入）'], ...j.headers.map((x): [string, string] => [x, x])], j.columnMapping[q.key] ?? ''),
    );
    return { q, s };
  });
  const remember = h('input', { type: 'checkbox', name: 'remember', checked: true });
  const next = h('button', { type: 'submit', class: 'primary' }, '下一步：试导入');
  return h(
    'form',
    {
      class: 'card stack',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        next.disabled = true;
        msg.clear();
        const columnMapping = Object.fromEntries(selects.filter(({ s }) => s.value).map(({ q, s }) => [q.key, s.value]));
        try {
          await props.submit(columnMapping, remember.checked);
        } catch (err) {
          msg.error(messageOf(err));
          next.disabled = false;
        }
      },
    },
    h('p', null, `文件「${j.filename}」共 ${j.headers.length} 列`, j.encoding ? `，编码 ${j.encoding}` : '', '。请确认每个题目对应的列：'),
    h(
      'div',
      { class: 'mapping' },
      selects.map(({ q, s }) =>
        h('label', { class: 'map-row' }, h('span', null, q.label, q.required ? h('b', { class: 'req', title: '必填' }, ' *') : null), s),
      ),
    ),
    j.missingColumns.length ? problemsTable(j.missingColumns, j.missingColumns.length) : null,
    h('label', { class: 'check' }, remember, ' 正式导入后记住此模板的列对应关系（下次自动填好；只试导入不会记住）'),
    next,
  );
}
