import { h } from '../dom';

/** An inline message line (role=status): ok, error or plain. */
export interface Notice {
  el: HTMLElement;
  ok(text: string): void;
  error(text: string): void;
  clear(): void;
}

export function notice(): Notice {
  const el = h('p', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  const show = (text: string, kind: string) => {
    el.textContent = text;
    el.className = `notice ${kind}`;
    el.hidden = false;
  };
  return { el, ok: (t) => show(t, 'ok'), error: (t) => show(t, 'error'), clear: () => (el.hidden = true) };
}
