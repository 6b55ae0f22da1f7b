import { z } from 'zod';
import { scopeOf, type StationScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import type { Response } from 'express';
import { getTemplate } from '../surveys/templates.js';
import { problemRowsCsv, templateWorkbook } from './downloads.js';
import type { ImportJobDoc } from './model.js';
import { importJobs } from './repository.js';
import { presentJob } from './presenter.js';
import { commitImport, dryRun, setJobMapping } from './run.js';
import {
  CommitQuerySchema,
  DryRunViewSchema,
  JobIdSchema,
  JobMappingSchema,
  JobViewSchema,
  TemplateDownloadQuery,
  UploadQuerySchema,
} from './schema.js';
import { receiveUpload } from './upload.js';

function sendFile(res: Response, file: { filename: string; body: Buffer }, type: string): void {
  res
    .status(200)
    .type(type)
    .set('Content-Disposition', `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .set('Cache-Control', 'no-store')
    .send(file.body);
}

async function view(scope: StationScope, job: ImportJobDoc) {
  return presentJob(job, (await getTemplate(scope, job.templateId)).questions);
}

/** Questionnaire imports: upload → (mapping) → dry run → commit, with progress on the job. */
export function importRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/imports', ['imports'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '上传问卷导出文件（CSV/XLSX，请求体为文件原始字节，最大 50 MB）',
        guard: [staff],
        query: UploadQuerySchema,
        body: z.unknown().describe('CSV 或 XLSX 文件的原始字节'),
        bodyContentType: 'application/octet-stream',
        response: JobViewSchema,
        status: 201,
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const scope = scopeOf(actor);
        const job = await receiveUpload({
          scope,
          actor,
          body: req,
          filename: query.filename,
          templateId: query.templateId,
          stationCode: query.stationCode,
        });
        return view(scope, job);
      },
    )
    .route(
      {
        method: 'get',
        path: '/template.xlsx',
        summary: '下载导入模板（XLSX：表头与一行示例，另附填写说明）',
        guard: [staff],
        query: TemplateDownloadQuery,
        raw: true,
      },
      async ({ query }, _req, res) => {
        const file = await templateWorkbook(scopeOf(actorOf(_req)), query.templateId);
        sendFile(res, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/problems.csv',
        summary: '下载有问题的行（CSV：原始内容加问题说明，可修改后重新上传）',
        guard: [staff],
        params: JobIdSchema,
        raw: true,
      },
      async ({ params }, req, res) => {
        const actor = actorOf(req);
        const file = await problemRowsCsv({ actor, scope: scopeOf(actor), id: params.id, requestId: req.id });
        sendFile(res, file, 'text/csv; charset=utf-8');
      },
    )
    .route({ method: 'get', path: '/', summary: '导入任务列表', guard: [staff], response: z.array(JobViewSchema) }, async (_i, req) => {
      const scope = scopeOf(actorOf(req));
      return Promise.all((await importJobs.list(scope)).map((j) => view(scope, j)));
    })
    .route(
      { method: 'get', path: '/:id', summary: '导入任务详情与进度', guard: [staff], params: JobIdSchema, response: JobViewSchema },
      async ({ params }, req) => {
        const scope = scopeOf(actorOf(req));
        return view(scope, await importJobs.get(scope, params.id));
      },
    )
    .route(
      {
        method: 'put',
        path: '/:id/mapping',
        summary: '设置列对应关系（可选择在正式导入时保存到模板）',
        guard: [staff],
        params: JobIdSchema,
        body: JobMappingSchema,
        response: JobViewSchema,
      },
      async ({ params, body }, req) => {
        const scope = scopeOf(actorOf(req));
        return view(scope, await setJobMapping(scope, params.id, body.columnMapping, body.saveToTemplate));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/dry-run',
        summary: '试导入：逐行检查，不写入任何数据',
        guard: [staff],
        params: JobIdSchema,
        response: DryRunViewSchema,
      },
      async ({ params }, req) => dryRun(scopeOf(actorOf(req)), params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/commit',
        summary: '正式导入：写入所有通过检查的行（同一行重复导入不会重复创建）',
        guard: [staff],
        params: JobIdSchema,
        query: CommitQuerySchema,
        response: JobViewSchema,
        status: 202,
      },
      async ({ params, query }, req, res) => {
        const actor = actorOf(req);
        const scope = scopeOf(actor);
        const job = await commitImport({
          scope,
          actor,
          id: params.id,
          wait: query.wait,
          onError: (err) => req.log.error({ err }, 'import failed'),
        });
        res.status(query.wait ? 200 : 202);
        const out = await view(scope, job);
        res.json(out);
        return out;
      },
    );
}
