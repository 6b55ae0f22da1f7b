import { z } from 'zod';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { presentResponse, presentTemplate } from './presenter.js';
import { getResponse, listResponses, recordResponse } from './responses.js';
import {
  ColumnMappingBodySchema,
  IdParamSchema,
  ResponseCreateSchema,
  ResponseListQuerySchema,
  ResponseResultSchema,
  ResponseViewSchema,
  TemplateCreateSchema,
  TemplatePatchSchema,
  TemplateViewSchema,
} from './schema.js';
import { createTemplate, getTemplate, listTemplates, saveColumnMapping, updateTemplate } from './templates.js';

/** Survey templates 入户需求调查表 and the responses coordinators take with them. */
export function surveyRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/surveys', ['surveys'])
    .route(
      {
        method: 'get',
        path: '/templates',
        summary: '调查模板列表（含全县通用默认模板）',
        guard: [staff],
        response: z.array(TemplateViewSchema),
      },
      async (_i, req) => (await listTemplates(scopeOf(actorOf(req)))).map(presentTemplate),
    )
    .route(
      {
        method: 'post',
        path: '/templates',
        summary: '新建调查模板',
        guard: [staff],
        body: TemplateCreateSchema,
        response: TemplateViewSchema,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return presentTemplate(await createTemplate({ scope: scopeOf(actor), actor, input: body }));
      },
    )
    .route(
      {
        method: 'get',
        path: '/templates/:id',
        summary: '调查模板详情',
        guard: [staff],
        params: IdParamSchema,
        response: TemplateViewSchema,
      },
      async ({ params }, req) => presentTemplate(await getTemplate(scopeOf(actorOf(req)), params.id)),
    )
    .route(
      {
        method: 'patch',
        path: '/templates/:id',
        summary: '修改调查模板',
        guard: [staff],
        params: IdParamSchema,
        body: TemplatePatchSchema,
        response: TemplateViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentTemplate(await updateTemplate({ scope: scopeOf(actor), actor, id: params.id, patch: body }));
      },
    )
    .route(
      {
        method: 'put',
        path: '/templates/:id/column-mapping',
        summary: '保存导入时的列对应关系（题目键 → 表头）',
        guard: [staff],
        params: IdParamSchema,
        body: ColumnMappingBodySchema,
        response: TemplateViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return presentTemplate(await saveColumnMapping({ scope: scopeOf(actor), actor, id: params.id, columnMapping: body.columnMapping }));
      },
    )
    .route(
      {
        method: 'post',
        path: '/responses',
        summary: '录入入户调查：建立或更新户档案并生成需求清单（重复提交不重复创建）',
        guard: [staff],
        body: ResponseCreateSchema,
        response: ResponseResultSchema,
        status: 201,
      },
      async ({ body }, req, res) => {
        const actor = actorOf(req);
        const result = await recordResponse({ scope: scopeOf(actor), actor, input: body });
        res.status(result.created ? 201 : 200);
        const out = { ...result, response: await presentResponse(actor, result.response, req.id) };
        res.json(out);
        return out;
      },
    )
    .route(
      {
        method: 'get',
        path: '/responses',
        summary: '调查记录列表',
        guard: [staff],
        query: ResponseListQuerySchema,
        response: z.object({ items: z.array(ResponseViewSchema), nextCursor: z.string().nullable() }),
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listResponses(scopeOf(actor), query);
        const items = [];
        for (const r of page.items) items.push(await presentResponse(actor, r, req.id));
        return { items, nextCursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'get',
        path: '/responses/:id',
        summary: '调查记录详情',
        guard: [staff],
        params: IdParamSchema,
        response: ResponseViewSchema,
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return presentResponse(actor, await getResponse(scopeOf(actor), params.id), req.id);
      },
    );
}
