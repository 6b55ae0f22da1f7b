import express, { type Express } from 'express';
import { authRoutes } from './auth/routes.js';
import type { Auth } from './auth/service.js';
import { userRoutes } from './auth/users.js';
import { ensureEventLog } from './events/log.js';
import { healthRoutes } from './health/routes.js';
import { householdRoutes } from './households/routes.js';
import { importRoutes } from './imports/routes.js';
import { needRoutes } from './needs/routes.js';
import { surveyRoutes } from './surveys/routes.js';
import { jobRoutes } from './jobs/routes.js';
import type { Scheduler } from './jobs/scheduler.js';
import { stationRoutes } from './stations/routes.js';
import { volunteerRoutes } from './volunteers/routes.js';
import { resourceRoutes } from './resources/routes.js';
import { charityRoutes } from './resources/charity-routes.js';
import { organisationRoutes } from './organisations/routes.js';
import { assignmentRoutes } from './assignments/routes.js';
import { matchingRoutes } from './matching/routes.js';
import { reportRoutes } from './reports/routes.js';
import { visitRoutes } from './visits/routes.js';
import { auditRoutes } from './audit/routes.js';
import { caseRoutes } from './cases/routes.js';
import { groupRoutes } from './groups/routes.js';
import { activityRoutes } from './activities/routes.js';
import { referralRoutes } from './referrals/routes.js';
import { satisfactionRoutes } from './satisfaction/routes.js';
import { stationStatsRoutes } from './station-stats/routes.js';
import { ensureNotificationOutbox, notificationRoutes } from './notifications/index.js';
import { privacyRoutes } from './privacy/routes.js';
import { exportRoutes } from './exports/routes.js';
import { staffRoutes } from './staff/routes.js';
import { evaluationRoutes } from './evaluation/routes.js';
import { interopRoutes } from './interop/routes.js';
import { certificateRoutes } from './certificates/routes.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { mountConsole } from './web/static.js';
import { requestContext } from './http/context.js';
import { idempotency } from './http/idempotency.js';
import { usageLimits } from './http/usage-limits.js';
import { contentEncodingGuard, rejectNulBytes } from './http/input-guard.js';
import { securityHeaders } from './http/security-headers.js';
import type { Logger } from './logger.js';
import { OpenApiRegistry } from './openapi/registry.js';

/** What the app needs from the process; tests build their own. */
export interface AppDeps {
  log: Logger;
  auth: Auth;
  /** Present when the process runs scheduled jobs (admin page and manual trigger). */
  scheduler?: Scheduler;
  /** Production mode (HSTS); defaults to NODE_ENV === 'production'. */
  production?: boolean;
  /** Mounts extra routers before the 404 handler (tests use it for probe routes). */
  extend?: (app: Express, registry: OpenApiRegistry) => void;
}

/** Builds the express app without listening, so tests mount it with supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const registry = new OpenApiRegistry();
  ensureEventLog();
  ensureNotificationOutbox();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(deps.log));
  app.use(securityHeaders({ production: deps.production ?? process.env.NODE_ENV === 'production' }));
  app.use(contentEncodingGuard);
  app.use(express.json({ limit: '2mb' }));
  app.use(rejectNulBytes);
  // Anonymous self-registration is counted per address (the routes live with volunteers and organisations).
  app.post(['/api/volunteers/register', '/api/organisations/register'], async (req, _res, next) => {
    await deps.auth.throttle.registration(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    next();
  });
  // Before the routers: a resent create answers with its first response; uploads and exports are counted per user.
  app.use(idempotency(deps.auth));
  app.use(usageLimits(deps.auth));

  healthRoutes(registry).mount(app);
  authRoutes(registry, deps.auth).mount(app);
  userRoutes(registry, deps.auth).mount(app);
  stationRoutes(registry, deps.auth).mount(app);
  volunteerRoutes(registry, deps.auth).mount(app);
  resourceRoutes(registry, deps.auth).mount(app);
  charityRoutes(registry, deps.auth).mount(app);
  organisationRoutes(registry, deps.auth).mount(app);
  householdRoutes(registry, deps.auth).mount(app);
  needRoutes(registry, deps.auth).mount(app);
  surveyRoutes(registry, deps.auth).mount(app);
  importRoutes(registry, deps.auth).mount(app);
  matchingRoutes(registry, deps.auth).mount(app);
  assignmentRoutes(registry, deps.auth).mount(app);
  visitRoutes(registry, deps.auth).mount(app);
  reportRoutes(registry, deps.auth).mount(app);
  auditRoutes(registry, deps.auth).mount(app);
  caseRoutes(registry, deps.auth).mount(app);
  groupRoutes(registry, deps.auth).mount(app);
  activityRoutes(registry, deps.auth).mount(app);
  referralRoutes(registry, deps.auth).mount(app);
  satisfactionRoutes(registry, deps.auth).mount(app);
  stationStatsRoutes(registry, deps.auth).mount(app);
  notificationRoutes(registry, deps.auth).mount(app);
  privacyRoutes(registry, deps.auth).mount(app);
  exportRoutes(registry, deps.auth).mount(app);
  staffRoutes(registry, deps.auth).mount(app);
  evaluationRoutes(registry, deps.auth).mount(app);
  interopRoutes(registry, deps.auth).mount(app);
  for (const r of certificateRoutes(registry, deps.auth)) r.mount(app);
  if (deps.scheduler) jobRoutes(registry, deps.auth, deps.scheduler).mount(app);

  app.get('/api/openapi.json', (_req, res) => {
    res.json(registry.document({ title: '五社联动资源匹配服务 API', version: '0.1.0' }));
  });

  deps.extend?.(app, registry);
  mountConsole(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
