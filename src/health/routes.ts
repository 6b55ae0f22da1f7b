import { z } from 'zod';
import { pingDatabase, serverInfo } from '../db/connect.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';

const Liveness = z.object({ status: z.literal('ok') });
const Readiness = z.object({ db: z.enum(['ok', 'down']), server: z.string().optional(), version: z.string().optional() });

/** Liveness (the process answers) and readiness (the database answers a ping). */
export function healthRoutes(registry: OpenApiRegistry): ApiRouter {
  return new ApiRouter(registry, '', ['health'])
    .route({ method: 'get', path: '/healthz', summary: '存活检查', response: Liveness }, () => ({ status: 'ok' as const }))
    .route({ method: 'get', path: '/readyz', summary: '就绪检查（数据库可用）', response: Readiness }, async (_input, _req, res) => {
      if (!(await pingDatabase())) {
        res.status(503).json({ db: 'down' });
        return;
      }
      const info = await serverInfo().catch(() => undefined);
      return { db: 'ok' as const, server: info?.name, version: info?.version };
    });
}
