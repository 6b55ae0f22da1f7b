import { describe, expect, it } from 'vitest';
import { RESOURCE_STATUS_LABELS } from '../../src/contracts/labels.js';
import { shownResourceStatus } from '../../src/resources/status.js';

const now = new Date('2026-11-30T08:00:00Z');
const base = { status: 'available' as const, remaining: { amount: 5 }, expiresAt: undefined as Date | undefined };

describe('the status a person sees of a resource', () => {
  it('an expired resource is 已过期, never 可分配', () => {
    const s = shownResourceStatus({ ...base, expiresAt: new Date('2026-11-29T00:00:00Z') }, now);
    expect(s).toBe('expired');
    expect(RESOURCE_STATUS_LABELS[s]).toBe('已过期');
  });

  it('a withdrawn resource stays 已撤回 even with units left and before its expiry', () => {
    expect(shownResourceStatus({ ...base, status: 'withdrawn', expiresAt: new Date('2027-01-01') }, now)).toBe('withdrawn');
  });

  it('a resource with nothing left is 已分完 whatever the stored status says', () => {
    expect(shownResourceStatus({ ...base, remaining: { amount: 0 } }, now)).toBe('depleted');
  });

  it('only a live resource with units left and no passed expiry is 可分配', () => {
    expect(shownResourceStatus({ ...base, expiresAt: new Date('2026-12-31') }, now)).toBe('available');
    expect(RESOURCE_STATUS_LABELS.available).toBe('可分配');
  });
});
