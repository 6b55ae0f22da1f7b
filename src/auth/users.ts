import { z } from 'zod';
import { ApiRouter } from '../http/route.js';
import { badRequest } from '../http/errors.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { StationModel } from '../stations/model.js';
import { idOf } from '../shared/model.js';
import { UserModel } from './models.js';
import { actorOf, type Auth } from './service.js';

const CoordinatorBody = z.object({
  username: z.string().min(3).max(64),
  password: z.string().min(8, '密码至少 8 位').max(200),
  displayName: z.string().min(1).max(50),
  stationCode: z.string().regex(/^\d{9}$/),
});
const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: z.string(),
  displayName: z.string(),
  stationCode: z.string().optional(),
  disabled: z.boolean(),
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
        const station = await StationModel.findOne({ code: body.stationCode, countyCode: actor.countyCode });
        if (!station) throw badRequest('unknown_station', '本县没有该社工站');
        const user = await auth.createUser({ ...body, role: 'coordinator', countyCode: actor.countyCode });
        return {
          id: idOf(user),
          username: user.username,
          role: user.role,
          displayName: user.displayName,
          stationCode: user.stationCode,
          disabled: user.disabled,
        };
      },
    )
    .route(
      { method: 'get', path: '/', summary: '本县账号列表（县级管理员）', guard: [auth.guard('admin')], response: z.array(UserView) },
      async (_i, req) => {
        const users = await UserModel.find({ countyCode: actorOf(req).countyCode })
          .sort({ createdAt: 1 })
          .limit(1000);
        return users.map((u) => ({
          id: idOf(u),
          username: u.username,
          role: u.role,
          displayName: u.displayName,
          stationCode: u.stationCode,
          disabled: u.disabled,
        }));
      },
    );
}
