import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../src/shared/coalesce.js';

/** A load whose answer the test releases. */
function gate<V>() {
  let release!: (v: V) => void;
  const promise = new Promise<V>((resolve) => (release = resolve));
  return { promise, release };
}

describe('coalescing identical reads', () => {
  it('shares one read among identical concurrent requests, and keeps nothing once it settled', async () => {
    const c = new Coalescer();
    let loads = 0;
    const g = gate<number>();
    const load = () => {
      loads++;
      return g.promise;
    };
    const a = c.run('station:1', 'open', load);
    const b = c.run('station:1', 'open', load);
    const other = c.run('station:1', 'closed', () => Promise.resolve(7));
    g.release(42);
    expect(await Promise.all([a, b, other])).toEqual([42, 42, 7]);
    expect(loads).toBe(1);
    expect(await c.run('station:1', 'open', () => Promise.resolve(43))).toBe(43);
  });

  it('after a change of the group, a new request starts its own read instead of joining an older one', async () => {
    const c = new Coalescer();
    const before = gate<string>();
    const a = c.run('station:1', 'open', () => before.promise);
    c.invalidate('station:1');
    const b = c.run('station:1', 'open', () => Promise.resolve('after the change'));
    before.release('before the change');
    expect(await a).toBe('before the change');
    expect(await b).toBe('after the change');
  });

  it('a failed read fails its sharers and is not kept', async () => {
    const c = new Coalescer();
    const g = gate<number>();
    const failing = () => g.promise.then(() => Promise.reject(new Error('db down')));
    const a = c.run('s', 'k', failing);
    const b = c.run('s', 'k', failing);
    g.release(0);
    await expect(a).rejects.toThrow('db down');
    await expect(b).rejects.toThrow('db down');
    expect(await c.run('s', 'k', () => Promise.resolve(1))).toBe(1);
  });
});
