/**
 * Reuses an item's element while its data is unchanged, so a live refresh does not wipe what the
 * user is typing or has expanded in it. `render` returns the elements in list order.
 */
export function keyedRenderer<T>(idOf: (item: T) => string, make: (item: T) => HTMLElement): (items: T[]) => HTMLElement[] {
  let cache = new Map<string, { key: string; el: HTMLElement }>();
  return (items) => {
    const next = new Map<string, { key: string; el: HTMLElement }>();
    const out = items.map((item) => {
      const id = idOf(item);
      const key = JSON.stringify(item);
      const hit = cache.get(id);
      const entry = hit && hit.key === key ? hit : { key, el: make(item) };
      next.set(id, entry);
      return entry.el;
    });
    cache = next;
    return out;
  };
}
