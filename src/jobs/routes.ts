import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { idOf } from '../shared/model.js';
import { jobRuns, type JobRunDoc } from './repository.js';
import type { Scheduler } from './scheduler.js';

const RunView = z.object({
  id: z.string(),
  name: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  outcome: z.enum(['running', 'succeeded', 'failed']),
  counts: z.record(z.string(), z.number()),
  error: z.string().optional(),
});
const TaskView = z.object({ name: z.string(), description: z.string(), schedule: z.string(), lastRun: RunView.nullable() });

function presentRun(r: JobRunDoc): z.infer<typeof RunView> {
  return {
    id: idOf(r),
    name: r.name,
    trigger: r.trigger,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString(),
    outcome: r.outcome,
    counts: r.counts,
    error: r.error,
  };
}

/** County admins see the scheduled tasks with their last runs and can trigger one by hand. */
export function jobRoutes(registry: OpenApiRegistry, auth: Auth, scheduler: Scheduler): ApiRouter {
  return new ApiRouter(registry, '/api/jobs', ['jobs'])
    .route(
      { method: 'get', path: '/', summary: '定时任务与最近一次运行', guard: [auth.guard('admin')], response: z.array(TaskView) },
      async () =>
        Promise.all(
          scheduler.list().map(async (t) => {
            const last = await jobRuns.latest(t.name);
            return { ...t, lastRun: last ? presentRun(last) : null };
          }),
        ),
    )
    .route(
      {
        method: 'post',
        path: '/:name/runs',
        summary: '手动运行定时任务',
        guard: [auth.guard('admin')],
        params: z.object({ name: z.string().max(60) }),
        response: RunView,
        status: 201,
      },
      async ({ params }, req) => presentRun(await scheduler.runNow(params.name, actorOf(req).userId)),
    );
}
