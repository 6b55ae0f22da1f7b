import { ApiError, messageOf } from '../api';
import { h } from '../dom';

type Issue = { path?: unknown; message: string };

/** The dotted path of an issue ("members.0.name"), whatever form the server sent it in. */
const pathOf = (issue: Issue): string =>
  Array.isArray(issue.path) ? issue.path.join('.') : typeof issue.path === 'string' ? issue.path : '';

/** The control of a form a path names: by full dotted name first, then by its last key ("title"). */
function controlFor(form: HTMLElement, path: string): HTMLElement | null {
  if (!path) return null;
  const byName = (name: string) => form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
  const keys = path.split('.').filter((k) => !/^\d+$/u.test(k));
  return byName(path) ?? byName(keys.join('.')) ?? (keys.length ? byName(keys[keys.length - 1]!) : null);
}

/** Removes the marks of a previous attempt. */
export function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid="true"]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const hint = e.getAttribute('data-hint-id');
    if (hint) e.setAttribute('aria-describedby', hint);
    else e.removeAttribute('aria-describedby');
  });
}

let seq = 0;

/**
 * Marks the fields an API error names: each control gets aria-invalid and the server's Chinese
 * message under it, and the first one takes the focus. Returns the message for the form's notice
 * (the general one when every issue found its field; otherwise the issues spelled out).
 */
export function showFieldErrors(form: HTMLElement, err: unknown): string {
  clearFieldErrors(form);
  if (!(err instanceof ApiError) || !err.issues?.length) return messageOf(err);
  const unplaced: string[] = [];
  let first: HTMLElement | null = null;
  for (const issue of err.issues as Issue[]) {
    const control = controlFor(form, pathOf(issue));
    if (!control) {
      unplaced.push(issue.message);
      continue;
    }
    const id = `field-error-${++seq}`;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('data-hint-id'), id].filter(Boolean).join(' '));
    // After the label, not inside it: the message must not become part of the field's name.
    (control.closest('label') ?? control).insertAdjacentElement(
      'afterend',
      h('span', { class: 'field-error', id, role: 'alert' }, issue.message),
    );
    first ??= control;
  }
  first?.focus();
  return unplaced.length ? `${err.message}：${unplaced.join('；')}` : err.message;
}

let hints = 0;

/**
 * A labelled field with the limit it enforces shown under it (and announced with it): the hint sits
 * outside the label so it does not become part of the field's name.
 */
export function field(text: string, control: HTMLElement, hint?: string, attrs: Record<string, unknown> = {}): HTMLElement {
  if (!hint) return h('label', attrs, text, control);
  const id = `field-hint-${++hints}`;
  control.setAttribute('aria-describedby', id);
  control.setAttribute('data-hint-id', id);
  return h('div', { class: 'field', ...attrs }, h('label', null, text, control), h('span', { class: 'limit-hint', id }, hint));
}
