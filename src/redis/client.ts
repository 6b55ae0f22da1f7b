import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** The shared Redis connection of a process that runs beside other instances (REDIS_URL). */
export interface SharedRedis {
  client: Redis;
  /** Registers a listener called each time the connection comes back after a loss; returns its removal. */
  onReconnected(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Thrown when Redis cannot be reached at start: an instance configured for Redis must not run alone by mistake. */
export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`Redis at ${redactUrl(url)} is not reachable (REDIS_URL): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RedisUnavailableError';
  }
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Connects to Redis and waits until it answers. Commands issued while the connection is lost are
 * queued and retried a few times, then fail (the throttles fall back to memory; live push catches
 * up from the event log once the connection is back).
 */
export async function connectRedis(url: string, log: Logger, opts: { connectTimeoutMs?: number } = {}): Promise<SharedRedis> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  let lost = false;
  let closing = false;
  const listeners = new Set<() => void>();
  client.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  client.on('end', () => log.debug('redis connection ended'));
  client.on('close', () => {
    if (!lost && !closing) log.warn('redis connection lost');
    lost = true;
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info('redis connection back');
    for (const listener of listeners) listener();
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new RedisUnavailableError(url, err);
  }
  lost = false;
  return {
    client,
    onReconnected(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      closing = true;
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
