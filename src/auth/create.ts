import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { Auth } from './service.js';
import { TokenSigner } from './tokens.js';

/** Builds the process's Auth from config; without JWT_SECRET, tokens are signed with a per-process secret. */
export function createAuth(config: Pick<Config, 'JWT_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_DAYS'>): Auth {
  const secret = config.JWT_SECRET ?? randomBytes(32).toString('hex');
  return new Auth(new TokenSigner(secret), config.ACCESS_TOKEN_TTL_SECONDS, config.REFRESH_TOKEN_TTL_DAYS);
}
