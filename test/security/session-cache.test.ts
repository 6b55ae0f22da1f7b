/**
 * An authenticated request does not read its session every time (auth/live-sessions.ts): ending a
 * session on this instance refuses it at once, and another instance refuses it within 2 s.
 */
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/auth/create.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE } from '../helpers/factories.js';

useTestDatabase();

const config = { JWT_SECRET: 'session-cache-test-secret-0123456789abcdef', ACCESS_TOKEN_TTL_SECONDS: 600, REFRESH_TOKEN_TTL_DAYS: 1 };
const PASSWORD = 'Cache-Test-2026!';

async function signedIn(a: ReturnType<typeof createAuth>, username: string) {
  await a.createUser({
    username,
    password: PASSWORD,
    role: 'coordinator',
    displayName: '缓存',
    countyCode: LINZE.county,
    stationCode: LINZE.shahe,
  });
  return a.login(username, PASSWORD);
}

/** Polls `check` until it holds or `withinMs` passes; answers how long it took (Infinity when it never held). */
async function heldWithin(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

describe('the per-process memory of live sessions', () => {
  it('sign-out on this instance refuses the token at once, though it was just remembered live', async () => {
    const a = createAuth(config);
    const pair = await signedIn(a, 'cache-logout');
    const actor = await a.actorFromToken(pair.accessToken);
    expect(actor).toBeDefined();
    await a.logout(actor!);
    expect(await a.actorFromToken(pair.accessToken)).toBeUndefined();
  });

  it('a password change on this instance refuses the other sessions of the account at once', async () => {
    const a = createAuth(config);
    const other = await signedIn(a, 'cache-password');
    const here = await a.login('cache-password', PASSWORD);
    expect(await a.actorFromToken(other.accessToken)).toBeDefined();
    const actor = await a.actorFromToken(here.accessToken);
    await a.changePassword(actor!, PASSWORD, 'Cache-Test-2027!', { address: 'test' });
    expect(await a.actorFromToken(other.accessToken)).toBeUndefined();
    expect(await a.actorFromToken(here.accessToken)).toBeUndefined();
  });

  it('a session ended on another instance is refused here within 2 s', async () => {
    const here = createAuth(config);
    const elsewhere = createAuth(config);
    const pair = await signedIn(here, 'cache-elsewhere');
    const actor = await here.actorFromToken(pair.accessToken);
    expect(actor).toBeDefined();
    await elsewhere.logoutEverywhere(actor!);
    const tookMs = await heldWithin(async () => (await here.actorFromToken(pair.accessToken)) === undefined, 2_000);
    expect(tookMs).toBeLessThanOrEqual(2_000);
  });
});
