import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { charityOf, createCharity } from './charity.js';
import { charities } from './repository.js';
import { presentCharity } from './presenter.js';
import { CharityCreateSchema, CharityView } from './schema.js';

/** County admins open charity accounts; staff list them; a charity reads its own profile. */
export function charityRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  return new ApiRouter(registry, '/api/charities', ['charities'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '创建慈善组织账号（县级管理员）',
        guard: [auth.guard('admin')],
        body: CharityCreateSchema,
        response: CharityView,
        status: 201,
      },
      async ({ body }, req) => {
        const { password, ...input } = body;
        return presentCharity(await createCharity({ auth, countyCode: actorOf(req).countyCode, input: { ...input, password } }));
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '本县慈善组织（电话脱敏）',
        guard: [auth.guard('admin', 'coordinator')],
        response: z.array(CharityView),
      },
      async (_i, req) => {
        const rows = await charities.ofCounty(actorOf(req).countyCode);
        return rows.map(presentCharity);
      },
    )
    .route(
      { method: 'get', path: '/me', summary: '我的慈善组织资料', guard: [auth.guard('charity')], response: CharityView },
      async (_i, req) => presentCharity(await charityOf(actorOf(req))),
    );
}
