import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { presentChannel, presentOutbox } from './presenter.js';
import { ChannelBody, ChannelParams, ChannelView, IdParams, OutboxQuery, OutboxView, PreferenceBody, PreferenceView } from './schema.js';
import { configureChannel, listChannels, listOutbox, myPreferences, removeChannel, retryDeadLetter, setMyPreferences } from './service.js';

/** Channels and dead letters (county admin), and each person's own notification settings. */
export function notificationRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const admin = [auth.guard('admin')];
  const person = [auth.guard('volunteer', 'organisation', 'charity')];
  return new ApiRouter(registry, '/api/notifications', ['notifications'])
    .route(
      { method: 'get', path: '/channels', summary: '通知渠道配置（密钥已隐藏）', guard: admin, response: z.array(ChannelView) },
      async (_input, req) => (await listChannels(actorOf(req))).map(presentChannel),
    )
    .route(
      {
        method: 'put',
        path: '/channels/:target/:kind',
        summary: '设置县级或社工站的企业微信/钉钉群机器人、短信渠道',
        guard: admin,
        params: ChannelParams,
        body: ChannelBody,
        response: ChannelView,
      },
      async ({ params, body }, req) => presentChannel(await configureChannel(actorOf(req), params.target, params.kind, body)),
    )
    .route(
      { method: 'delete', path: '/channels/:target/:kind', summary: '删除通知渠道', guard: admin, params: ChannelParams, status: 204 },
      async ({ params }, req) => {
        await removeChannel(actorOf(req), params.target, params.kind);
      },
    )
    .route(
      {
        method: 'get',
        path: '/outbox',
        summary: '通知发件箱（默认列出发送失败的死信）',
        guard: admin,
        query: OutboxQuery,
        response: z.object({ items: z.array(OutboxView), nextBefore: z.string().nullable() }),
      },
      async ({ query }, req) => {
        const rows = await listOutbox(actorOf(req), query.status, query.limit, query.before);
        return { items: rows.map(presentOutbox), nextBefore: rows.length === query.limit ? idOf(rows[rows.length - 1]!) : null };
      },
    )
    .route(
      { method: 'post', path: '/outbox/:id/retry', summary: '重试一条死信', guard: admin, params: IdParams, response: OutboxView },
      async ({ params }, req) => presentOutbox(await retryDeadLetter(actorOf(req), params.id)),
    )
    .route(
      { method: 'get', path: '/preferences/me', summary: '我的通知设置', guard: person, response: PreferenceView },
      async (_input, req) => myPreferences(actorOf(req)),
    )
    .route(
      {
        method: 'put',
        path: '/preferences/me',
        summary: '设置我的通知：短信开关、免打扰时段、每日上限',
        guard: person,
        body: PreferenceBody,
        response: PreferenceView,
      },
      async ({ body }, req) => setMyPreferences(actorOf(req), body),
    );
}
