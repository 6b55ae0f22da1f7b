import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { eraseHousehold, exportHousehold } from './subject.js';

const HouseholdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i, '编号格式不正确') });
const EraseBody = z.object({
  /** The erasure cannot be undone: the console asks the admin to confirm. */
  confirm: z.literal(true, { message: '请勾选确认：已核实本人申请，删除后无法恢复' }),
  reason: z.string().trim().min(2, '请填写删除理由').max(200),
});
const EraseResult = z.object({
  households: z.number(),
  needs: z.number(),
  assignments: z.number(),
  cases: z.number(),
  visitRecords: z.number(),
  surveyResponses: z.number(),
  referrals: z.number(),
  groups: z.number(),
  satisfactionAnswers: z.number(),
  activities: z.number(),
});

/** A person's rights over their data (PIPL 第四十五条 查阅复制, 第四十七条 删除): county admin only, always audited. */
export function privacyRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const admin = [auth.guard('admin')];
  return new ApiRouter(registry, '/api/privacy', ['privacy'])
    .route(
      {
        method: 'get',
        path: '/households/:id/export',
        summary: '导出一户服务对象的全部个人信息（JSON，记入审计）',
        guard: admin,
        params: HouseholdParams,
        response: z.looseObject({ exportedAt: z.string(), household: z.record(z.string(), z.unknown()) }),
      },
      async ({ params }, req, res) => {
        const data = await exportHousehold(actorOf(req), params.id, req.id);
        res.setHeader('Content-Disposition', `attachment; filename="household-${params.id}.json"`);
        return data;
      },
    )
    .route(
      {
        method: 'post',
        path: '/households/:id/erase',
        summary: '按本人请求删除（匿名化）一户服务对象的个人信息（记入审计）',
        guard: admin,
        params: HouseholdParams,
        body: EraseBody,
        response: EraseResult,
      },
      async ({ params, body }, req) => eraseHousehold(actorOf(req), params.id, { reason: body.reason, requestId: req.id }),
    );
}
