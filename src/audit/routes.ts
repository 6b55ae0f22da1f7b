import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import type { AuditDoc } from './audit.js';
import { auditLog } from './repository.js';

const AuditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  before: z
    .string()
    .regex(/^[a-f0-9]{24}$/i, '游标格式不正确')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const AuditView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  role: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  fields: z.array(z.string()),
  stationCode: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
});

const present = (a: AuditDoc): z.infer<typeof AuditView> => ({
  id: idOf(a),
  at: new Date(a.createdAt).toISOString(),
  actorId: a.actorId,
  role: a.role,
  action: a.action,
  entity: a.entity,
  entityId: a.entityId,
  fields: a.fields ?? [],
  stationCode: a.stationCode ?? null,
  requestId: a.requestId ?? null,
  reason: a.reason ?? null,
});

/** The county admin reads the trail of who saw which sensitive fields (newest first). */
export function auditRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/audit', ['audit']).route(
    {
      method: 'get',
      path: '/',
      summary: '敏感信息查阅记录（县级管理员）',
      guard: [auth.guard('admin')],
      query: AuditQuery,
      response: z.object({ items: z.array(AuditView), nextBefore: z.string().nullable() }),
    },
    async ({ query }, req) => {
      const rows = await auditLog.list(actorOf(req).countyCode, query, query.limit);
      return { items: rows.map(present), nextBefore: rows.length === query.limit ? idOf(rows[rows.length - 1]!) : null };
    },
  );
}
