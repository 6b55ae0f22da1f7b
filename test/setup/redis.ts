import { afterAll, beforeAll } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../src/redis/local.js';

/**
 * A redis-server of the test file's own (free port, throwaway directory), like the run's FerretDB:
 * started in beforeAll, stopped in afterAll. Never a system service.
 */
export function useRedis(): { readonly url: string; readonly server: LocalRedis } {
  let server: LocalRedis | undefined;
  beforeAll(async () => {
    server = await startLocalRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('useRedis: Redis starts in beforeAll');
      return server;
    },
    get url() {
      return this.server.url;
    },
  };
}
