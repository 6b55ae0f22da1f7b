import type { ResourceShownStatus } from '../contracts/views.js';
import type { ResourceDoc } from './model.js';

/**
 * The status a person sees. The stored status only moves on writes (withdraw, allocation), so an
 * expiry that passed, or a remainder run down, is derived here: a withdrawn, used-up or expired
 * resource is never shown as 可分配.
 */
export function shownResourceStatus(
  r: Pick<ResourceDoc, 'status' | 'expiresAt'> & { remaining: { amount: number } },
  now = new Date(),
): ResourceShownStatus {
  if (r.status === 'withdrawn') return 'withdrawn';
  if (r.status === 'depleted' || r.remaining.amount <= 0) return 'depleted';
  if (r.expiresAt && new Date(r.expiresAt) <= now) return 'expired';
  return 'available';
}
