import { h } from '../../dom';

/** A labelled field with its limit shown ("最多 30 字"). */
export function field(labelText: string, input: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, labelText, input, hint ? h('span', { class: 'muted small' }, hint) : null);
}

/** Comma/顿号/space separated words → a list (for skills and certifications). */
export function words(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/u)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ];
}

/** A group of checkboxes; returns the element and a reader of the checked values. */
export function checkboxes(
  name: string,
  items: ReadonlyArray<[string, string]>,
  checked: readonly string[] = [],
): { el: HTMLElement; values(): string[]; set(values: readonly string[]): void } {
  const inputs = items.map(([value]) => h('input', { type: 'checkbox', name, value, checked: checked.includes(value) }));
  const el = h(
    'div',
    { class: 'checks' },
    items.map(([, text], i) => h('label', { class: 'check' }, inputs[i]!, text)),
  );
  return {
    el,
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set: (values) => inputs.forEach((i) => (i.checked = values.includes(i.value))),
  };
}

export const DAY_LABELS: ReadonlyArray<[number, string]> = [
  [1, '周一'],
  [2, '周二'],
  [3, '周三'],
  [4, '周四'],
  [5, '周五'],
  [6, '周六'],
  [0, '周日'],
];

/** Half-day slots a volunteer ticks for the weekly availability. */
export const SLOTS: ReadonlyArray<[string, string, string]> = [
  ['上午', '08:30', '12:00'],
  ['下午', '14:00', '18:00'],
  ['晚上', '19:00', '21:00'],
];

/** A week grid of half-day checkboxes ↔ availability windows. */
export function weekGrid(initial: ReadonlyArray<{ day: number; start: string; end: string }>): {
  el: HTMLElement;
  windows(): Array<{ day: number; start: string; end: string }>;
} {
  const boxes: Array<{ input: HTMLInputElement; day: number; start: string; end: string }> = [];
  const rows = DAY_LABELS.map(([day, dayName]) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, dayName),
      SLOTS.map(([slot, start, end]) => {
        const input = h('input', {
          type: 'checkbox',
          'aria-label': `${dayName}${slot}`,
          checked: initial.some((w) => w.day === day && w.start <= start && w.end >= end),
        });
        boxes.push({ input, day, start, end });
        return h('td', null, input);
      }),
    ),
  );
  const el = h(
    'table',
    { class: 'week-grid' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, ''),
        SLOTS.map(([slot]) => h('th', { scope: 'col' }, slot)),
      ),
    ),
    h('tbody', null, rows),
  );
  return { el, windows: () => boxes.filter((b) => b.input.checked).map(({ day, start, end }) => ({ day, start, end })) };
}
