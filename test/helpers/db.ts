import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../../src/db/connect.js';
import { createAuth } from '../../src/auth/create.js';
import { followUpsSettled } from '../../src/events/bus.js';
import { createLogger } from '../../src/logger.js';

/** The quiet logger tests hand to the app. */
export const testLog = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** Connects this test file to a database of its own on the run's server, and drops it afterwards. */
export function useTestDatabase(): { dbName: string } {
  const dbName = `t_${randomBytes(5).toString('hex')}`;
  beforeAll(async () => {
    await connectDatabase({ uri: inject('mongoUri'), dbName, log: testLog });
    await ensureIndexes();
  });
  afterAll(async () => {
    // Work that follows answers (outbox, proposals, cache patches) finishes before its database goes.
    await followUpsSettled();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
  });
  return { dbName };
}

/** Retries an assertion until it passes or the deadline expires: waiting on a condition, not on the clock. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw lastError;
}

/**
 * One Auth for the test file, signing with a fixed secret. Every test registers from 127.0.0.1, so the
 * per-address registration limit is lifted here; test/security covers the limit with its own Auth.
 */
export const testAuth = createAuth(
  { JWT_SECRET: 'test-secret-test-secret-test-secret-1234', ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 14 },
  { limits: { registrationsPerAddressPerHour: 100_000 } },
);
