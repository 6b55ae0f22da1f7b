import { z } from 'zod';
import { defaultRules, mergeRules, MatchingRulesOverrideSchema } from '../../matchers/index.js';
import { scopeOf } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { stationRepository } from '../stations/repository.js';
import { getStation } from '../stations/service.js';
import { rebuildStationIndex } from './index-cache.js';
import { explainCandidate, rematchStation, suggestionsFor } from './service.js';

const NeedId = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i, '需求编号格式不正确') });
const Reason = z.object({ rule: z.string(), value: z.unknown().optional(), weight: z.number().optional(), text: z.string() });
const SuggestionView = z.object({
  kind: z.enum(['volunteer', 'organisation', 'resource']),
  id: z.string(),
  name: z.string(),
  score: z.number(),
  distanceKm: z.number().nullable(),
  reasons: z.array(Reason),
});
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
        query: z.object({ top: z.coerce.number().int().min(1).max(50).default(5) }),
        response: z.array(SuggestionView),
      },
      async ({ params, query }, req) => suggestionsFor({ scope: scopeOf(actorOf(req)), needId: params.id, top: query.top }),
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
          exclusions: z.array(z.object({ rule: z.string(), text: z.string() })),
          rank: z.object({ score: z.number(), reasons: z.array(Reason) }).nullable(),
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
