import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, pageOf } from '../station-work/schema.js';
import { presentCasesFor } from './presenter.js';
import { CaseAssessment, CaseClose, CaseCreate, CaseInterventionInput, CaseListQuery, CasePlan, CaseReview, CaseView } from './schema.js';
import { addIntervention, assessCase, closeCase, getCase, listCases, openCase, planCase, reopenCase, reviewCase } from './service.js';

/** Case work 个案: coordinators and the county admin; every full read is audited. */
export function caseRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  const r = new ApiRouter(registry, '/api/cases', ['cases']);
  r.route(
    {
      method: 'post',
      path: '/',
      summary: '个案接案（来自需求、探访或转介）',
      guard: [staff],
      body: CaseCreate,
      response: CaseView,
      status: 201,
    },
    async ({ body }, req) => {
      const actor = actorOf(req);
      return (await presentCasesFor(actor, [await openCase({ actor, scope: narrowScope(actor), input: body })], req.id))[0];
    },
  )
    .route(
      { method: 'get', path: '/', summary: '个案列表', guard: [staff], query: CaseListQuery, response: pageOf(CaseView) },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listCases(narrowScope(actor, query.stationCode), query);
        return { items: await presentCasesFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '个案详情', guard: [staff], params: IdParams, response: CaseView },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return (await presentCasesFor(actor, [await getCase(narrowScope(actor), params.id)], req.id))[0];
      },
    );
  const action = <B extends Parameters<typeof r.route>[0]['body']>(
    path: string,
    summary: string,
    body: B,
    run: (a: ReturnType<typeof actorOf>, id: string, b: never) => Promise<Parameters<typeof presentCasesFor>[1][number]>,
  ) =>
    r.route(
      { method: 'post', path: `/:id/${path}`, summary, guard: [staff], params: IdParams, body, response: CaseView },
      async ({ params, body: b }, req) => {
        const actor = actorOf(req);
        return (await presentCasesFor(actor, [await run(actor, params.id, b as never)], req.id))[0];
      },
    );
  action('assessment', '个案评估（问题与需求、优势与资源、风险等级）', CaseAssessment, (a, id, b) => assessCase(a, narrowScope(a), id, b));
  action('plan', '制定服务计划与目标', CasePlan, (a, id, b) => planCase(a, narrowScope(a), id, b));
  action('interventions', '记录个案服务（日期、方式、内容、时长）', CaseInterventionInput, (a, id, b) =>
    addIntervention(a, narrowScope(a), id, b),
  );
  action('review', '回顾服务目标', CaseReview, (a, id, b) => reviewCase(a, narrowScope(a), id, b));
  action('close', '结案（原因、成效，可同时登记满意度）', CaseClose, (a, id, b) => closeCase(a, narrowScope(a), id, b));
  action('reopen', '重新开案', undefined, (a, id) => reopenCase(a, narrowScope(a), id));
  return r;
}
