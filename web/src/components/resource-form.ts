import { field } from './form-errors';
import { h, options } from '../dom';
import { CATEGORY_LABELS, RESOURCE_KIND_LABELS, pairs } from '../labels';
import type { Resource } from '../types';

/** The limits the server enforces on a resource (src/resources/schema.ts): the form allows no more. */
const TITLE_MAX = 60;
const DESCRIPTION_MAX = 2000;

/** Posting (no resource) or editing (a resource) form. Quantities only change by allocation, so editing hides them. */
export function resourceForm(opts: {
  resource?: Resource;
  submitText: string;
  onSubmit(body: Record<string, unknown>, button: HTMLButtonElement): Promise<void>;
  onCancel?(): void;
}): HTMLFormElement {
  const r = opts.resource;
  const kind = h('select', { name: 'kind', required: true }, options(pairs(RESOURCE_KIND_LABELS), 'goods'));
  const category = h('select', { name: 'category', required: true }, options(pairs(CATEGORY_LABELS), 'material_aid'));
  const title = h('input', { name: 'title', required: true, maxlength: TITLE_MAX, value: r?.title ?? '', placeholder: '例如：爱心米面油' });
  const description = h('textarea', {
    name: 'description',
    rows: 2,
    maxlength: DESCRIPTION_MAX,
    placeholder: '规格、数量说明、领取方式等',
  });
  description.value = r?.description ?? '';
  const amount = h('input', { name: 'amount', type: 'number', min: '1', step: '1', value: '10', inputmode: 'numeric', required: true });
  const unit = h('input', { name: 'unit', value: '份', maxlength: 10, required: true });
  const expires = h('input', { name: 'expiresAt', type: 'date', value: r?.expiresAt ? r.expiresAt.slice(0, 10) : '' });
  const pickup = h('input', {
    name: 'pickupAddress',
    maxlength: 200,
    value: r?.pickupAddress ?? '',
    placeholder: '领取或发放地点（选填）',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, opts.submitText);
  const form = h(
    'form',
    {
      class: 'resource-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const expiresAt = expires.value ? new Date(`${expires.value}T23:59:59+08:00`).toISOString() : r ? null : undefined;
        const common = {
          title: title.value.trim(),
          description: description.value.trim(),
          expiresAt,
          pickupAddress: pickup.value.trim() || (r ? null : undefined),
        };
        void opts.onSubmit(
          r
            ? common
            : {
                ...common,
                kind: kind.value,
                category: category.value,
                quantity: { amount: Number(amount.value), unit: unit.value.trim() },
              },
          submit,
        );
      },
    },
    r ? null : h('label', null, '类型', kind),
    r ? null : h('label', null, '类别', category),
    field('名称', title, `最多 ${TITLE_MAX} 个字`, { class: 'span2' }),
    h('label', { class: 'span2' }, '说明', description),
    r ? null : h('label', null, '数量', amount),
    r ? null : h('label', null, '单位', unit),
    h('label', null, '有效期至', expires),
    h('label', null, '领取地点', pickup),
    h('div', { class: 'row span2' }, submit, opts.onCancel ? h('button', { type: 'button', onclick: opts.onCancel }, '取消') : null),
  );
  return form;
}
