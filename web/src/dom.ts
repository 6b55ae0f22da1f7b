/** A tiny element builder: h('button', { class: 'primary', onclick: fn }, '指派'). */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) child.forEach((c) => append(parent, c));
  else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    // Inputs, options and checkboxes keep their defaults as attributes, so form.reset() returns to them.
    else if (key === 'value' && !(el instanceof HTMLInputElement)) Object.assign(el, { value });
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function mount(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An <option> list for a <select> from [value, label] pairs. */
export function options(pairs: [string, string][], selected?: string): HTMLOptionElement[] {
  return pairs.map(([value, label]) => h('option', { value, selected: value === selected }, label));
}
