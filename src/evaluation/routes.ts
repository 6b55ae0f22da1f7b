import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { auditExport } from '../exports/audit-export.js';
import { streamXlsx } from '../exports/workbook.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { IdParams, MonthSchema, StationCodeSchema } from '../supply/schemas.js';
import { providerIds } from './providers.js';
import type { RoundDoc, ScoreChangeDoc } from './repository.js';
import { reportHtml, reportSheets } from './report.js';
import { EvaluationSchemeSchema } from './scheme.js';
import {
  STATUS_NAMES,
  activeScheme,
  changesOf,
  computeRound,
  enterScore,
  issueReport,
  listRounds,
  planRound,
  publishRound,
  readableRound,
  replaceScheme,
  roundResults,
  setConclusion,
  visibleStations,
} from './service.js';

const PlanSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    period: z.object({ from: MonthSchema, to: MonthSchema }).strict(),
    stationCodes: z.array(StationCodeSchema).min(1).max(200),
    evaluators: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(30),
            organisation: z.string().trim().max(60).optional(),
            userId: z.string().max(64).optional(),
          })
          .strict(),
      )
      .min(1, '请至少指定一名评估人员')
      .max(50),
  })
  .strict();
const ScoreBody = z
  .object({
    value: z.number().optional().describe('实际值（按指标单位；比例用 0–1）'),
    score: z.number().optional().describe('得分（仅评估人员直接评分的指标）'),
    note: z.string().trim().max(500).optional(),
    evidence: z.array(z.string().trim().min(1).max(200)).max(20).optional().describe('佐证材料（文件名、档案编号、照片说明）'),
    reason: z.string().trim().max(200).optional().describe('修改已有评分时必填'),
  })
  .strict();
const ConclusionBody = z
  .object({
    strengths: z.array(z.string().trim().min(1).max(300)).max(20),
    problems: z.array(z.string().trim().min(1).max(300)).max(20),
    suggestions: z.array(z.string().trim().min(1).max(300)).max(20),
  })
  .strict();
const RoundStationParams = IdParams.extend({ stationCode: StationCodeSchema });
const ScoreParams = RoundStationParams.extend({ indicatorId: z.string().min(1).max(20) });

const RoundView = z.object({
  id: z.string(),
  name: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  stationCodes: z.array(z.string()),
  evaluators: z.array(z.object({ name: z.string(), organisation: z.string().optional() })),
  schemeName: z.string(),
  schemeVersion: z.string(),
  status: z.enum(['planned', 'scoring', 'reported', 'published']),
  statusName: z.string(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});
const IndicatorResult = z.object({
  id: z.string(),
  group: z.string(),
  name: z.string(),
  unit: z.string(),
  weight: z.number(),
  source: z.enum(['computed', 'entered', 'missing']),
  value: z.number().nullable(),
  score: z.number(),
  detail: z.string().nullable(),
  note: z.string().nullable(),
  evidence: z.array(z.string()),
});
const StationResultView = z.object({
  stationCode: z.string(),
  stationName: z.string(),
  groups: z.array(z.object({ id: z.string(), name: z.string(), score: z.number(), max: z.number() })),
  total: z.number(),
  max: z.number(),
  star: z.object({ level: z.number(), name: z.string() }),
  indicators: z.array(IndicatorResult),
  strengths: z.array(z.string()),
  problems: z.array(z.string()),
  suggestions: z.array(z.string()),
});
const ChangeView = z.object({
  indicatorId: z.string(),
  fromScore: z.number().nullable(),
  toScore: z.number(),
  fromValue: z.number().nullable(),
  toValue: z.number().nullable(),
  byName: z.string(),
  reason: z.string(),
  at: z.string(),
});

function presentRound(r: RoundDoc): z.infer<typeof RoundView> {
  return {
    id: String(r._id),
    name: r.name,
    period: { from: r.period.from, to: r.period.to },
    stationCodes: r.stationCodes,
    evaluators: r.evaluators.map((e) => ({ name: e.name, ...(e.organisation ? { organisation: e.organisation } : {}) })),
    schemeName: r.scheme.name,
    schemeVersion: r.scheme.version,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

const presentChange = (c: ScoreChangeDoc) => ({
  indicatorId: c.indicatorId,
  fromScore: c.fromScore ?? null,
  toScore: c.toScore,
  fromValue: c.fromValue ?? null,
  toValue: c.toValue ?? null,
  byName: c.byName,
  reason: c.reason,
  at: new Date(c.createdAt).toISOString(),
});

/** Station evaluation 评估: scheme, rounds, scoring, report, publication. */
export function evaluationRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const admin = auth.guard('admin');
  const readers = auth.guard('admin', 'coordinator');
  return new ApiRouter(registry, '/api/evaluation', ['evaluation'])
    .route(
      {
        method: 'get',
        path: '/scheme',
        summary: '本县当前评估方案（未替换时为默认方案）',
        guard: [readers],
        response: EvaluationSchemeSchema.and(z.object({ providers: z.array(z.string()) })),
      },
      async (_i, req) => ({ ...(await activeScheme(actorOf(req).countyCode)), providers: providerIds() }),
    )
    .route(
      {
        method: 'put',
        path: '/scheme',
        summary: '替换本县评估方案（新版本）',
        guard: [admin],
        body: EvaluationSchemeSchema,
        response: EvaluationSchemeSchema,
      },
      async ({ body }, req) => replaceScheme(actorOf(req), body),
    )
    .route(
      { method: 'get', path: '/rounds', summary: '评估列表（社工站仅见已公示的本站评估）', guard: [readers], response: z.array(RoundView) },
      async (_i, req) => (await listRounds(actorOf(req))).map(presentRound),
    )
    .route(
      {
        method: 'post',
        path: '/rounds',
        summary: '制定评估计划（评估期、评估对象、评估人员）',
        guard: [admin],
        body: PlanSchema,
        response: RoundView,
        status: 201,
      },
      async ({ body }, req) => presentRound(await planRound(actorOf(req), body)),
    )
    .route(
      { method: 'get', path: '/rounds/:id', summary: '评估详情', guard: [readers], params: IdParams, response: RoundView },
      async ({ params }, req) => presentRound(await readableRound(actorOf(req), params.id)),
    )
    .route(
      {
        method: 'post',
        path: '/rounds/:id/compute',
        summary: '开展评估：按业务记录计算指标',
        guard: [admin],
        params: IdParams,
        response: RoundView,
      },
      async ({ params }, req) => presentRound(await computeRound(actorOf(req), params.id)),
    )
    .route(
      {
        method: 'put',
        path: '/rounds/:id/stations/:stationCode/scores/:indicatorId',
        summary: '评估人员录入或更正评分（附说明与佐证；修改须说明理由）',
        guard: [admin],
        params: ScoreParams,
        body: ScoreBody,
        response: z.object({ indicatorId: z.string(), score: z.number(), value: z.number().nullable() }),
      },
      async ({ params, body }, req) => {
        const s = await enterScore(actorOf(req), params.id, params.stationCode, params.indicatorId, body);
        return { indicatorId: s.indicatorId, score: s.score, value: s.value ?? null };
      },
    )
    .route(
      {
        method: 'put',
        path: '/rounds/:id/stations/:stationCode/conclusion',
        summary: '填写评估结论（优势、问题、建议）',
        guard: [admin],
        params: RoundStationParams,
        body: ConclusionBody,
      },
      async ({ params, body }, req) => setConclusion(actorOf(req), params.id, params.stationCode, body),
    )
    .route(
      {
        method: 'get',
        path: '/rounds/:id/stations/:stationCode/changes',
        summary: '评分修改记录（谁、何时、为何）',
        guard: [admin],
        params: RoundStationParams,
        response: z.array(ChangeView),
      },
      async ({ params }, req) => (await changesOf(await readableRound(actorOf(req), params.id), params.stationCode)).map(presentChange),
    )
    .route(
      { method: 'post', path: '/rounds/:id/report', summary: '出具评估报告', guard: [admin], params: IdParams, response: RoundView },
      async ({ params }, req) => presentRound(await issueReport(actorOf(req), params.id)),
    )
    .route(
      {
        method: 'post',
        path: '/rounds/:id/publish',
        summary: '公示评估结果（社工站可见）',
        guard: [admin],
        params: IdParams,
        response: RoundView,
      },
      async ({ params }, req) => presentRound(await publishRound(actorOf(req), params.id)),
    )
    .route(
      {
        method: 'get',
        path: '/rounds/:id/results',
        summary: '评估结果（各站得分、星级、优势、问题、建议）',
        guard: [readers],
        params: IdParams,
        response: z.array(StationResultView),
      },
      async ({ params }, req) => {
        const actor = actorOf(req);
        const round = await readableRound(actor, params.id);
        const codes = visibleStations(actor, round);
        return (await roundResults(round)).filter((r) => codes.includes(r.stationCode));
      },
    )
    .route(
      { method: 'get', path: '/rounds/:id/report.html', summary: '评估报告（A4 打印页）', guard: [readers], params: IdParams, raw: true },
      async ({ params }, req, res) => {
        const actor = actorOf(req);
        const round = await readableRound(actor, params.id);
        const codes = visibleStations(actor, round);
        res.type('html').send(
          reportHtml(
            round,
            (await roundResults(round)).filter((r) => codes.includes(r.stationCode)),
          ),
        );
      },
    )
    .route(
      { method: 'get', path: '/rounds/:id/report.xlsx', summary: '导出评估报告（XLSX）', guard: [readers], params: IdParams, raw: true },
      async ({ params }, req, res) => {
        const actor = actorOf(req);
        const round = await readableRound(actor, params.id);
        const codes = visibleStations(actor, round);
        const results = (await roundResults(round)).filter((r) => codes.includes(r.stationCode));
        await auditExport(actor, { kind: 'evaluation-report', params: `round=${params.id}`, fullFields: [], requestId: req.id });
        await streamXlsx(res, `${round.name}.xlsx`, reportSheets(round, results));
      },
    );
}
