import type { z } from 'zod';
import { maySeeSensitive, narrowScope, type Actor } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { audit } from '../audit/audit.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { IdParams, pageOf } from '../station-work/schema.js';
import type { ReferralDoc } from './repository.js';
import { ReferralAnswer, ReferralCreate, ReferralListQuery, ReferralView } from './schema.js';
import { answerReferral, getReferral, listReferrals, sendReferral } from './service.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function present(r: ReferralDoc, full: boolean): z.infer<typeof ReferralView> {
  return {
    id: idOf(r),
    stationCode: r.stationCode,
    householdId: r.householdId,
    caseId: r.caseId ?? null,
    target: { kind: r.target.kind, name: r.target.name },
    request: full ? r.request : '***',
    sentAt: iso(r.sentAt)!,
    answerDueAt: iso(r.answerDueAt)!,
    status: r.status,
    answer: full ? r.answer : r.answer ? '***' : '',
    answeredAt: iso(r.answeredAt),
    remindedAt: iso(r.remindedAt),
    masked: !full,
  };
}

async function presentFor(actor: Actor, docs: ReferralDoc[], requestId?: string) {
  const views = docs.map((r) => present(r, maySeeSensitive(actor, r.stationCode)));
  const byStation = new Map<string, string[]>();
  for (const v of views) if (!v.masked) byStation.set(v.stationCode, [...(byStation.get(v.stationCode) ?? []), v.id]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, { action: 'read_sensitive', entity: 'referral', entityIds, fields: ['request', 'answer'], stationCode, requestId });
  }
  return views;
}

/** Referrals 转介 and their answers (closed loop per household): coordinators and the county admin. */
export function referralRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/referrals', ['referrals'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '发起转介（民政办、残联、医保、乡镇卫生院、司法所或社会组织）',
        guard: [staff],
        body: ReferralCreate,
        response: ReferralView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await sendReferral(actor, narrowScope(actor), body)], req.id))[0];
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: '转介列表（可按户查看闭环）',
        guard: [staff],
        query: ReferralListQuery,
        response: pageOf(ReferralView),
      },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listReferrals(narrowScope(actor, query.stationCode), query);
        return { items: await presentFor(actor, page.items, req.id), nextCursor: page.nextCursor };
      },
    )
    .route(
      { method: 'get', path: '/:id', summary: '转介详情', guard: [staff], params: IdParams, response: ReferralView },
      async ({ params }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await getReferral(narrowScope(actor), params.id)], req.id))[0];
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/answer',
        summary: '登记转介回复与结果（受理、解决、未受理）',
        guard: [staff],
        params: IdParams,
        body: ReferralAnswer,
        response: ReferralView,
      },
      async ({ params, body }, req) => {
        const actor = actorOf(req);
        return (await presentFor(actor, [await answerReferral(actor, narrowScope(actor), params.id, body)], req.id))[0];
      },
    );
}
