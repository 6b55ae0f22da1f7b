import { BENEFICIARY_GROUPS } from '../../../src/contracts/groups';
import { h, options } from '../dom';
import { CATEGORY_LABELS, URGENCY_LABELS, pairs } from '../labels';
import type { Need } from '../types';

/** Beneficiary groups: the server's own list, from the shared contracts. */
export const GROUPS = BENEFICIARY_GROUPS;

/** Categories met with goods or money: they take a quantity. */
const MATERIAL = new Set(['material_aid', 'financial_aid']);
const DAYS: [string, string][] = [
  ['', '不限定'],
  ['1', '周一'],
  ['2', '周二'],
  ['3', '周三'],
  ['4', '周四'],
  ['5', '周五'],
  ['6', '周六'],
  ['0', '周日'],
];

/** The fields of a need as a form (new or edit): category, title, description, urgency, time, quantity. */
export function needFields(initial?: Need) {
  const category = h(
    'select',
    { name: 'category', required: true },
    options([['', '请选择'], ...pairs(CATEGORY_LABELS)], initial?.category ?? ''),
  );
  const title = h('input', {
    name: 'title',
    required: true,
    maxlength: 100,
    value: initial?.title ?? '',
    placeholder: '如：每天中午送餐上门',
  });
  const description = h('textarea', { name: 'description', maxlength: 4000, rows: 3 }, initial?.description ?? '');
  const urgency = h('select', { name: 'urgency' }, options(pairs(URGENCY_LABELS), initial?.urgency ?? 'normal'));
  const window0 = initial?.schedule.windows[0];
  const day = h('select', { name: 'day' }, options(DAYS, window0 ? String(window0.day) : ''));
  const start = h('input', { name: 'start', type: 'time', value: window0?.start ?? '' });
  const end = h('input', { name: 'end', type: 'time', value: window0?.end ?? '' });
  const due = h('input', { name: 'dueBy', type: 'date', value: initial?.schedule.dueBy?.slice(0, 10) ?? '' });
  const amount = h('input', {
    name: 'amount',
    type: 'number',
    min: 1,
    step: 1,
    value: initial?.quantity ? String(initial.quantity.amount) : '',
  });
  const unit = h('input', { name: 'unit', maxlength: 10, value: initial?.quantity?.unit ?? '', placeholder: '袋、桶、件' });
  const quantityBox = h(
    'div',
    { class: 'form-grid wide' },
    h('label', null, '数量', amount),
    h('label', null, '单位（最多 10 个字）', unit),
  );
  let titleTouched = !!initial;
  title.addEventListener('input', () => (titleTouched = true));
  const sync = () => {
    quantityBox.hidden = !MATERIAL.has(category.value);
    if (!titleTouched && category.value) title.value = CATEGORY_LABELS[category.value] ?? '';
  };
  category.addEventListener('change', sync);
  sync();

  const el = h(
    'div',
    { class: 'form-grid' },
    h('label', null, '服务类别', category),
    h('label', null, '紧急程度', urgency),
    h('label', { class: 'wide' }, '标题（最多 100 个字）', title),
    h('label', { class: 'wide' }, '情况描述（最多 4000 个字）', description),
    h('label', null, '每周哪天', day),
    h('div', { class: 'form-grid' }, h('label', null, '开始', start), h('label', null, '结束', end)),
    h('label', null, '最晚完成日期', due),
    quantityBox,
  );

  /** The need's fields as the API takes them. */
  function value(): Record<string, unknown> {
    const windows = day.value !== '' && start.value && end.value ? [{ day: Number(day.value), start: start.value, end: end.value }] : [];
    const body: Record<string, unknown> = {
      category: category.value || undefined,
      title: title.value.trim(),
      description: description.value.trim(),
      urgency: urgency.value,
      schedule: { kind: due.value ? 'once' : 'recurring', windows, ...(due.value ? { dueBy: `${due.value}T23:59:00+08:00` } : {}) },
    };
    if (MATERIAL.has(category.value) && amount.value) body.quantity = { amount: Number(amount.value), unit: unit.value.trim() || '份' };
    return body;
  }
  return { el, value };
}
