import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { Auth } from './service.js';
import { Throttle, type ThrottleLimits, type ThrottleStore } from './throttle.js';
import { TokenSigner } from './tokens.js';

/**
 * Builds the process's Auth from config; without JWT_SECRET, tokens are signed with a per-process secret.
 * Throttle counters live in memory unless a store (a Redis client, when REDIS_URL is set) is given.
 */
export function createAuth(
  config: Pick<Config, 'JWT_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_DAYS'>,
  opts: { limits?: Partial<ThrottleLimits>; store?: ThrottleStore } = {},
): Auth {
  const secret = config.JWT_SECRET ?? randomBytes(32).toString('hex');
  return new Auth(
    new TokenSigner(secret),
    config.ACCESS_TOKEN_TTL_SECONDS,
    config.REFRESH_TOKEN_TTL_DAYS,
    new Throttle(opts.limits, opts.store),
  );
}
