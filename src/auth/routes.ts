import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { RoleSchema } from './actor.js';
import { actorOf, type Auth } from './service.js';

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
const RefreshBody = z.object({ refreshToken: z.string().min(10).max(200) });
const PasswordChangeBody = z
  .object({
    oldPassword: z.string().min(1).max(200).meta({ title: '原密码' }),
    newPassword: z.string().min(1).max(200).meta({ title: '新密码' }),
  })
  .strict();
const LockParams = z.object({ username: z.string().min(1).max(64) });
const UserView = z.object({
  id: z.string(),
  role: RoleSchema,
  displayName: z.string(),
  countyCode: z.string(),
  stationCode: z.string().optional(),
  subjectId: z.string().optional(),
  mustChangePassword: z.boolean(),
});
const TokenPairView = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  user: UserView,
});

/** Sign-in, refresh, sign-out, "who am I", and lifting a sign-in lock. */
export function authRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/auth', ['auth'])
    .route(
      { method: 'post', path: '/login', summary: '登录（失败过多时临时锁定，答 429）', body: LoginBody, response: TokenPairView },
      ({ body }, req) => auth.login(body.username, body.password, { address: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
    )
    .route(
      {
        method: 'post',
        path: '/refresh',
        summary: '刷新令牌（旧刷新令牌随即失效；重放旧令牌则整组登录失效）',
        body: RefreshBody,
        response: TokenPairView,
      },
      ({ body }) => auth.refresh(body.refreshToken),
    )
    .route(
      {
        method: 'post',
        path: '/logout',
        summary: '退出登录（令牌与实时连接立即失效）',
        guard: [auth.guardDuringPasswordChange()],
      },
      async (_i, req) => {
        await auth.logout(actorOf(req));
      },
    )
    .route(
      {
        method: 'post',
        path: '/logout-everywhere',
        summary: '在所有设备上退出（本账号的全部登录与实时连接立即失效）',
        guard: [auth.guardDuringPasswordChange()],
        response: z.object({ ended: z.number().int() }),
      },
      async (_i, req) => {
        const actor = actorOf(req);
        const ended = await auth.logoutEverywhere(actor);
        await audit(actor, {
          action: 'write',
          entity: 'session',
          entityIds: [actor.userId],
          fields: ['logout_everywhere'],
          requestId: req.id,
        });
        return { ended };
      },
    )
    .route(
      {
        method: 'post',
        path: '/password',
        summary: '修改本人密码（需原密码；其他设备上的登录随即失效，本设备得到新令牌）',
        guard: [auth.guardDuringPasswordChange()],
        body: PasswordChangeBody,
        response: TokenPairView,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const pair = await auth.changePassword(actor, body.oldPassword, body.newPassword, {
          address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        });
        await audit(actor, { action: 'write', entity: 'user', entityIds: [actor.userId], fields: ['password'], requestId: req.id });
        return pair;
      },
    )
    .route(
      {
        method: 'post',
        path: '/locks/:username/lift',
        summary: '解除账号的登录锁定（县级管理员）',
        guard: [auth.guard('admin')],
        params: LockParams,
        response: z.object({ lifted: z.boolean() }),
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const lifted = await auth.liftLock(params.username);
        await audit(actor, { action: 'write', entity: 'login_lock', entityIds: [params.username], fields: ['lock'], requestId: req.id });
        return { lifted };
      },
    )
    .route(
      { method: 'get', path: '/me', summary: '当前账号', guard: [auth.guardDuringPasswordChange()], response: UserView },
      (_i, req) => {
        const a = actorOf(req);
        return {
          id: a.userId,
          role: a.role,
          displayName: a.displayName,
          countyCode: a.countyCode,
          stationCode: a.stationCode,
          subjectId: a.subjectId,
          mustChangePassword: Boolean(a.mustChangePassword),
        };
      },
    );
}
