import { narrowScope } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { pageOf } from '../station-work/schema.js';
import type { SatisfactionDoc } from './repository.js';
import { SatisfactionCreate, SatisfactionQuery, SatisfactionView } from './schema.js';
import { listSatisfaction, recordSatisfaction } from './service.js';

/** A satisfaction answer carries no sensitive field beyond the respondent's name, which staff see. */
const present = (s: SatisfactionDoc) => ({
  id: idOf(s),
  stationCode: s.stationCode,
  subject: { kind: s.subject.kind, id: s.subject.id },
  personName: s.personName,
  level: s.level,
  note: s.note,
  method: s.method,
  at: new Date(s.at).toISOString(),
});

/** Satisfaction 满意度回访: coordinators and the county admin record and read it. */
export function satisfactionRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  return new ApiRouter(registry, '/api/satisfaction', ['satisfaction'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '登记服务对象满意度（满意/基本满意/不满意）',
        guard: [staff],
        body: SatisfactionCreate,
        response: SatisfactionView,
        status: 201,
      },
      async ({ body }, req) => {
        const actor = actorOf(req);
        const { subject, ...input } = body;
        return present(await recordSatisfaction({ actor, scope: narrowScope(actor), subject, input }));
      },
    )
    .route(
      { method: 'get', path: '/', summary: '满意度记录', guard: [staff], query: SatisfactionQuery, response: pageOf(SatisfactionView) },
      async ({ query }, req) => {
        const actor = actorOf(req);
        const page = await listSatisfaction(narrowScope(actor, query.stationCode), query);
        return { items: page.items.map(present), nextCursor: page.nextCursor };
      },
    );
}
