import { z } from 'zod';
import { defaultRules, mergeRules, MatchingRulesOverrideSchema } from '../../matchers/index.js';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { stationRepository } from '../stations/repository.js';
import { getStation } from '../stations/service.js';
import { rebuildStationIndex } from './index-cache.js';
import { candidateCensus, explainCandidate, rematchStation, searchCandidates, suggestionsFor, suggestionsForMany } from './service.js';

const NeedId = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i, '需求编号格式不正确') });
const Kind = z.enum(['volunteer', 'organisation', 'resource']);
const Reason = z.object({
  rule: z.string(),
  value: z.unknown().optional(),
  weight: z.number().optional(),
  text: z.string(),
  tone: z.enum(['for', 'against', 'neutral']).optional().describe('for 加分、against 减分、neutral 仅说明'),
});
const SuggestionView = z.object({
  kind: Kind,
  id: z.string(),
  name: z.string(),
  score: z.number(),
  distanceKm: z.number().nullable().describe('距需求地点的公里数（与理由中的公里数一致）'),
  reasons: z.array(Reason),
});
const Exclusion = z.object({ rule: z.string(), label: z.string(), text: z.string() });
const WidenKm = z.coerce.number().min(0).max(100, '扩大范围最多 100 公里');
const BatchBody = z
  .object({
    needIds: z
      .array(z.string().regex(/^[a-f0-9]{24}$/i, '需求编号格式不正确'))
      .min(1, '请至少给出一个需求')
      .max(50, '一次最多 50 个需求'),
    top: z.number().int().min(1).max(10).default(3),
  })
  .strict();
const ExplainParams = NeedId.extend({ kind: z.enum(['volunteer', 'organisation', 'resource']), candidateId: z.string().min(1).max(64) });
const StationCode = z.object({ code: z.string().regex(/^\d{9}$/) });

/** Suggestions with reasons, "why not", batch re-match, and per-station rule overrides. */
export function matchingRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api', ['matching'])
    .route(
      {
        method: 'get',
        path: '/needs/:id/suggestions',
        summary: '需求的推荐候选（附评分理由）',
        guard: [staff],
        params: NeedId,
        query: z.object({
          top: z.coerce.number().int().min(1).max(50).default(5),
          widenKm: WidenKm.optional().describe('把每位候选的服务半径扩大若干公里再找'),
        }),
        response: z.array(SuggestionView),
      },
      async ({ params, query }, req) =>
        suggestionsFor({ scope: scopeOf(actorOf(req)), needId: params.id, top: query.top, widenKm: query.widenKm }),
    )
    .route(
      {
        method: 'post',
        path: '/matching/suggestions',
        summary: '一次取多条需求的推荐候选（看板用，最多 50 条）',
        guard: [staff],
        body: BatchBody,
        response: z.object({ items: z.record(z.string(), z.array(SuggestionView)) }),
      },
      async ({ body }, req) => ({
        items: await suggestionsForMany({ scope: scopeOf(actorOf(req)), needIds: body.needIds, top: body.top }),
      }),
    )
    .route(
      {
        method: 'get',
        path: '/needs/:id/candidates/census',
        summary: '为什么没有（更多）候选：各硬性规则排除了多少候选，扩大范围后能有多少',
        guard: [staff],
        params: NeedId,
        query: z.object({ widenKm: WidenKm.default(10) }),
        response: z.object({
          pool: z.number(),
          eligible: z.number(),
          proposed: z.number(),
          refused: z.number(),
          byRule: z.array(z.object({ rule: z.string(), label: z.string(), count: z.number() })),
          widenKm: z.number(),
          proposedIfWidened: z.number(),
        }),
      },
      async ({ params, query }, req) => candidateCensus({ scope: scopeOf(actorOf(req)), needId: params.id, widenKm: query.widenKm }),
    )
    .route(
      {
        method: 'get',
        path: '/needs/:id/candidates',
        summary: '按名称查找全县的志愿者、组织和资源，说明能否承接及原因',
        guard: [staff],
        params: NeedId,
        query: z.object({
          q: z.string().trim().max(30, '最多 30 个字').optional(),
          kind: Kind.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: z.array(
          z.object({
            kind: Kind,
            id: z.string(),
            name: z.string(),
            stationCode: z.string().nullable(),
            distanceKm: z.number().nullable(),
            eligible: z.boolean(),
            exclusions: z.array(Exclusion),
          }),
        ),
      },
      async ({ params, query }, req) =>
        searchCandidates({ scope: scopeOf(actorOf(req)), needId: params.id, q: query.q, kind: query.kind, limit: query.limit }),
    )
    .route(
      {
        method: 'get',
        path: '/needs/:id/candidates/:kind/:candidateId/explanation',
        summary: '为什么没有推荐这个候选（被哪条硬性规则排除）',
        guard: [staff],
        params: ExplainParams,
        response: z.object({
          excluded: z.boolean(),
          exclusions: z.array(Exclusion),
          rank: z.object({ score: z.number(), reasons: z.array(Reason) }).nullable(),
          distanceKm: z.number().nullable(),
        }),
      },
      async ({ params }, req) =>
        explainCandidate({ scope: scopeOf(actorOf(req)), needId: params.id, kind: params.kind, candidateId: params.candidateId }),
    )
    .route(
      {
        method: 'post',
        path: '/stations/:code/rematch',
        summary: '本站待匹配需求批量重新匹配（推荐给社工确认）',
        guard: [staff],
        params: StationCode,
        response: z.object({ needs: z.number(), proposed: z.number(), autoAssigned: z.number() }),
      },
      async ({ params }, req) => {
        const scope = scopeOf(actorOf(req));
        await getStation(scope, params.code);
        return rematchStation({ scope, stationCode: params.code });
      },
    )
    .route(
      {
        method: 'get',
        path: '/stations/:code/matching-rules',
        summary: '本站生效的匹配规则（默认值合并本站调整）',
        guard: [staff],
        params: StationCode,
      },
      async ({ params }, req) => {
        const station = await getStation(scopeOf(actorOf(req)), params.code);
        const override = MatchingRulesOverrideSchema.safeParse(station.matchingRules ?? {});
        return { override: station.matchingRules ?? {}, effective: mergeRules(defaultRules, override.success ? override.data : undefined) };
      },
    )
    .route(
      {
        method: 'put',
        path: '/stations/:code/matching-rules',
        summary: '调整本站匹配权重与儿童保护资质清单（县级管理员）',
        guard: [auth.guard('admin')],
        params: StationCode,
        body: MatchingRulesOverrideSchema.strict(),
      },
      async ({ params, body }, req) => {
        const station = await getStation(scopeOf(actorOf(req)), params.code);
        await stationRepository.set(station.code, { matchingRules: body });
        // Takes effect on the next match: the station's index is rebuilt with the new rules beside the one in use.
        await rebuildStationIndex(station.countyCode, station.code);
        return { override: body, effective: mergeRules(defaultRules, body) };
      },
    );
}
