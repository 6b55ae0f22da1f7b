import { z } from 'zod';
import { scopeOf, type StationScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { getTemplate, saveColumnMapping } from '../surveys/templates.js';
import type { ImportJobDoc } from './model.js';
import { importJobs } from './repository.js';
import { presentJob } from './presenter.js';
import { commitImport, dryRun, setJobMapping } from './run.js';
import { CommitQuerySchema, DryRunViewSchema, JobIdSchema, JobMappingSchema, JobViewSchema, UploadQuerySchema } from './schema.js';
import { receiveUpload } from './upload.js';

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
        summary: '设置列对应关系（可同时保存到模板）',
        guard: [staff],
        params: JobIdSchema,
        body: JobMappingSchema,
        response: JobViewSchema,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        const scope = scopeOf(actor);
        const job = await setJobMapping(scope, params.id, body.columnMapping);
        if (body.saveToTemplate) await saveColumnMapping({ scope, actor, id: job.templateId, columnMapping: body.columnMapping });
        return view(scope, job);
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
