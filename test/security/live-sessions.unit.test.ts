import { describe, expect, it } from 'vitest';
import { LiveSessionCache } from '../../src/auth/live-sessions.js';

describe('the per-process memory of live sessions', () => {
  it('trusts a live answer for its TTL only, then the session is read again', () => {
    let now = 1_000;
    const cache = new LiveSessionCache(1_000, 100, () => now);
    cache.remember('s1', cache.mark());
    expect(cache.has('s1')).toBe(true);
    now += 999;
    expect(cache.has('s1')).toBe(true);
    now += 1;
    expect(cache.has('s1')).toBe(false);
  });

  it('a session ended here is refused at once', () => {
    const cache = new LiveSessionCache(60_000);
    cache.remember('s1', cache.mark());
    cache.remember('s2', cache.mark());
    cache.forget(['s1']);
    expect(cache.has('s1')).toBe(false);
    expect(cache.has('s2')).toBe(true);
  });

  it('a read that started before the session ended here does not bring it back', () => {
    const cache = new LiveSessionCache(60_000);
    const mark = cache.mark();
    // The logout lands while the read is in flight; the read answers "live" from before it.
    cache.forget(['s1']);
    cache.remember('s1', mark);
    expect(cache.has('s1')).toBe(false);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new LiveSessionCache(60_000, 2);
    for (const id of ['a', 'b', 'c']) cache.remember(id, cache.mark());
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
    expect(cache.has('c')).toBe(true);
  });
});
