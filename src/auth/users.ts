import { z } from 'zod';
import { ApiRouter } from '../http/route.js';
import { badRequest } from '../http/errors.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { listStations } from '../stations/service.js';
import { idOf } from '../shared/model.js';
import { PasswordSchema, withPasswordPolicy } from './password-policy.js';
import { audit } from '../audit/audit.js';
import type { UserDoc } from './models.js';
import { users } from './repository.js';
import { actorOf, type Auth } from './service.js';

const CoordinatorBody = withPasswordPolicy(
  z.object({
    username: z.string().min(3).max(64),
    password: PasswordSchema,
    displayName: z.string().min(1).max(50),
    stationCode: z.string().regex(/^\d{9}$/),
  }),
);
const ResetBody = z.object({ password: PasswordSchema.meta({ title: '新密码' }) }).strict();
const UserIdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/iu, '编号格式不正确') });
const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: z.string(),
  displayName: z.string(),
  stationCode: z.string().optional(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
});

const view = (u: UserDoc) => ({
  id: idOf(u),
  username: u.username,
  role: u.role,
  displayName: u.displayName,
  stationCode: u.stationCode,
  disabled: u.disabled,
  mustChangePassword: Boolean(u.mustChangePassword),
});

/** County admins create and list the coordinator accounts of their stations. */
export function userRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/users', ['users'])
    .route(
      {
        method: 'post',
        path: '/coordinators',
        summary: '创建驻站社工账号（县级管理员）',
        guard: [auth.guard('admin')],
        body: CoordinatorBody,
        response: UserView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const stations = await listStations({ kind: 'county', countyCode: actor.countyCode });
        if (!stations.some((s) => s.code === body.stationCode)) throw badRequest('unknown_station', '本县没有该社工站');
        const user = await auth.createUser({ ...body, role: 'coordinator', countyCode: actor.countyCode });
        return view(user);
      },
    )
    .route(
      { method: 'get', path: '/', summary: '本县账号列表（县级管理员）', guard: [auth.guard('admin')], response: z.array(UserView) },
      async (_i, req) => {
        const accounts = await users.listInCounty(actorOf(req).countyCode);
        return accounts.map(view);
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/password',
        summary: '重置驻站社工的密码（县级管理员；对方的登录全部失效，下次登录须改密码）',
        guard: [auth.guard('admin')],
        params: UserIdParams,
        body: ResetBody,
        response: UserView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const user = await auth.resetPassword(actor, params.id, body.password);
        await audit(actor, {
          action: 'write',
          entity: 'user',
          entityIds: [params.id],
          fields: ['password_reset'],
          stationCode: user.stationCode,
          requestId: req.id,
        });
        return view(user);
      },
    );
}
