import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RoleSchema } from './actor.js';

/** Claims inside an access token. `sid` ties it to a session, so logout revokes it at once. */
export const AccessClaimsSchema = z.object({
  sub: z.string(),
  sid: z.string(),
  role: RoleSchema,
  cty: z.string(),
  stn: z.string().optional(),
  subj: z.string().optional(),
  name: z.string(),
  /** Set after the county admin reset the password: only the password change is open until then. */
  mcp: z.boolean().optional(),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** Signs and verifies short-lived access tokens (HMAC-SHA256 over a JSON payload). */
export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(claims: Omit<AccessClaims, 'exp'>, ttlSeconds: number, nowMs = Date.now()): string {
    const payload = b64(JSON.stringify({ ...claims, exp: Math.floor(nowMs / 1000) + ttlSeconds }));
    return `${payload}.${this.mac(payload)}`;
  }

  /** Returns the claims, or undefined for a forged, malformed or expired token. */
  verify(token: string, nowMs = Date.now()): AccessClaims | undefined {
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const claims = AccessClaimsSchema.safeParse(json);
    if (!claims.success || claims.data.exp * 1000 <= nowMs) return undefined;
    return claims.data;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** A random opaque refresh token; only its hash is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

/** The stored form of a refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
