import type { Request, Response } from 'express';
import { z } from 'zod';
import { narrowScope, type Actor } from '../auth/actor.js';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { monthOf } from '../shared/china-time.js';
import { IdParams, StationCodeSchema } from '../supply/schemas.js';
import { auditExport } from './audit-export.js';
import { dispatchSheet } from './dispatch-sheet.js';
import { PeriodKeySchema, periodOf, type Period } from './periods.js';
import {
  hoursRegister,
  keyTargetRegister,
  needsRegister,
  resourceDestinationsRegister,
  visitRegister,
  type Register,
} from './registers.js';
import { monthlyReport, reportRowsFor } from './reports.js';
import { activityRegister, caseRegister, groupRegister } from './service-registers.js';
import { streamXlsx } from './workbook.js';

const PeriodQuery = z.object({
  period: PeriodKeySchema.optional().describe('报告期：YYYY-MM、YYYY-Q1…Q4 或 YYYY；默认本月'),
  stationCode: StationCodeSchema.optional(),
});
const RosterQuery = z.object({
  stationCode: StationCodeSchema.optional(),
  masked: z.enum(['true', 'false']).default('false').describe('true：导出脱敏版（交给村(社区)时使用）'),
});
const ReportRowView = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  yearToDate: z.number().nullable(),
});
const ReportView = z.object({
  title: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  stationName: z.string(),
  rows: z.array(ReportRowView),
});

const periodKey = (p: string | undefined) => periodOf(p ?? monthOf(new Date()));

async function send(req: Request, res: Response, kind: string, params: string, register: Register): Promise<void> {
  const actor = actorOf(req);
  // Audited before the first byte: a file that left the system is on record even if the stream breaks.
  await auditExport(actor, { kind, params, fullFields: register.fullFields, stationCode: register.stationCode, requestId: req.id });
  await streamXlsx(res, register.filename, [register.sheet]);
}

/** XLSX registers 台账, the periodic report and printable sheets; every export is audited. */
type StaffRole = 'coordinator' | 'admin' | 'volunteer';

/** The registers of one period (台账): one route each, alike but for the builder, the file name and who may export. */
const PERIOD_REGISTERS: ReadonlyArray<{
  kind: string;
  summary: string;
  roles: readonly StaffRole[];
  build: (actor: Actor, period: Period, o: { stationCode?: string; requestId?: string }) => Register;
}> = [
  {
    kind: 'needs',
    summary: '导出需求清单（含办理结果）',
    roles: ['coordinator', 'admin'],
    build: (actor, period, o) => needsRegister(actor, period, o.stationCode),
  },
  {
    kind: 'hours',
    summary: '导出志愿服务时长明细（志愿者仅导出本人）',
    roles: ['coordinator', 'admin', 'volunteer'],
    build: (actor, period, o) => hoursRegister(actor, period, o.stationCode),
  },
  { kind: 'visits', summary: '导出月度探访台账（谁、何时、方式、发现、跟进）', roles: ['coordinator', 'admin'], build: visitRegister },
  { kind: 'cases', summary: '导出个案台账（本期在案个案与服务记录）', roles: ['coordinator', 'admin'], build: caseRegister },
  { kind: 'groups', summary: '导出小组活动台账（本期各节次与出勤）', roles: ['coordinator', 'admin'], build: groupRegister },
  {
    kind: 'activities',
    summary: '导出社区活动台账（本期活动、签到、志愿者与资源）',
    roles: ['coordinator', 'admin'],
    build: activityRegister,
  },
];

export function exportRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter {
  const staff = auth.guard('coordinator', 'admin');
  const router = new ApiRouter(registry, '/api/exports', ['exports'])
    .route(
      {
        method: 'get',
        path: '/registers/resource-destinations.xlsx',
        summary: '导出慈善资源去向（慈善组织看不到服务对象）',
        guard: [auth.guard('coordinator', 'admin', 'charity')],
        query: PeriodQuery.omit({ stationCode: true }),
        raw: true,
      },
      async ({ query }, req, res) => {
        const period = periodKey(query.period);
        await send(req, res, 'resource-destinations', `period=${period.key}`, resourceDestinationsRegister(actorOf(req), period));
      },
    )
    .route(
      {
        method: 'get',
        path: '/registers/key-targets.xlsx',
        summary: '导出重点对象花名册（完整版留痕；可导出脱敏版）',
        guard: [staff],
        query: RosterQuery,
        raw: true,
      },
      async ({ query }, req, res) => {
        const register = keyTargetRegister(actorOf(req), {
          stationCode: query.stationCode,
          masked: query.masked === 'true',
          requestId: req.id,
        });
        await send(req, res, 'key-targets', `station=${query.stationCode ?? ''};masked=${query.masked}`, register);
      },
    )
    .route(
      {
        method: 'get',
        path: '/reports',
        summary: '月报/季报/年报指标（本期、上期、本年累计）',
        guard: [staff],
        query: PeriodQuery,
        response: ReportView,
      },
      async ({ query }, req) => reportRowsFor(narrowScope(actorOf(req), query.stationCode), periodKey(query.period)),
    )
    .route(
      {
        method: 'get',
        path: '/reports/report.xlsx',
        summary: '导出月报/季报/年报（XLSX）',
        guard: [staff],
        query: PeriodQuery,
        raw: true,
      },
      async ({ query }, req, res) => {
        const actor = actorOf(req);
        const period = periodKey(query.period);
        const report = await monthlyReport(narrowScope(actor, query.stationCode), period);
        await send(req, res, 'report', `period=${period.key};station=${query.stationCode ?? ''}`, report);
      },
    )
    .route(
      {
        method: 'get',
        path: '/needs/:id/dispatch-sheet.html',
        summary: '需求派单单（A4 打印页）',
        guard: [staff],
        params: IdParams,
        raw: true,
      },
      async ({ params }, req, res) => {
        res.type('html').send(await dispatchSheet(actorOf(req), params.id));
      },
    );
  for (const { kind, summary, roles, build } of PERIOD_REGISTERS) {
    router.route(
      { method: 'get', path: `/registers/${kind}.xlsx`, summary, guard: [auth.guard(...roles)], query: PeriodQuery, raw: true },
      async ({ query }, req, res) => {
        const period = periodKey(query.period);
        const register = build(actorOf(req), period, { stationCode: query.stationCode, requestId: req.id });
        await send(req, res, kind, `period=${period.key};station=${query.stationCode ?? ''}`, register);
      },
    );
  }
  return router;
}
