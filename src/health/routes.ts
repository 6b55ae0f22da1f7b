import { z } from 'zod';
import { databaseAnswers } from '../db/connect.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';

const Liveness = z.object({ status: z.literal('ok') });
// Deliberately no server name or version: /readyz is anonymous, and they only help an attacker.
// The start-up log records them for operators.
const Readiness = z.object({ db: z.enum(['ok', 'down']) });

/** How long readiness waits for the database's answer to a real read. */
const READINESS_DEADLINE_MS = 1_500;

/** Liveness (the process answers) and readiness (the database answers a real read in time). */
export function healthRoutes(registry: OpenApiRegistry): ApiRouter {
  return new ApiRouter(registry, '', ['health'])
    .route({ method: 'get', path: '/healthz', summary: '存活检查', response: Liveness }, () => ({ status: 'ok' as const }))
    .route({ method: 'get', path: '/readyz', summary: '就绪检查（数据库可读）', response: Readiness }, async (_input, _req, res) => {
      if (!(await databaseAnswers(READINESS_DEADLINE_MS))) {
        res.status(503).json({ db: 'down' });
        return;
      }
      return { db: 'ok' as const };
    });
}
