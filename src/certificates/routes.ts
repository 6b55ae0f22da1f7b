import { z } from 'zod';
import { actorOf, type Auth } from '../auth/service.js';
import { ApiRouter } from '../http/route.js';
import type { OpenApiRegistry } from '../openapi/registry.js';
import { MonthSchema, StationCodeSchema } from '../supply/schemas.js';
import { certificateFor, certificateHtml, issueCertificate, myStar, stationStars, verifyCode, verifyHtml } from './service.js';

const CodeParams = z.object({ code: z.string().min(1).max(64) });
const CertificateView = z.object({
  code: z.string(),
  name: z.string(),
  stationCode: z.string(),
  from: z.string(),
  to: z.string(),
  hours: z.number(),
  issuedAt: z.string(),
  verifyPath: z.string(),
});
const VerifyView = z.union([
  z.object({ valid: z.literal(false) }),
  z.object({ valid: z.literal(true), maskedName: z.string(), hours: z.number(), from: z.string(), to: z.string(), issuedOn: z.string() }),
]);
const StarView = z.object({
  hours: z.number(),
  level: z.number(),
  name: z.string(),
  next: z.object({ name: z.string(), hoursToGo: z.number() }).nullable(),
});

/** Volunteers' hours as a credential: certificates with a verification code, and star levels. */
export function certificateRoutes(registry: OpenApiRegistry, auth: Auth): ApiRouter[] {
  const api = new ApiRouter(registry, '/api/certificates', ['certificates'])
    .route(
      {
        method: 'post',
        path: '/',
        summary: '出具志愿服务记录证明（仅计已确认时长）',
        guard: [auth.guard('volunteer', 'coordinator', 'admin')],
        body: z.object({ from: MonthSchema, to: MonthSchema, volunteerId: z.string().max(64).optional() }).strict(),
        response: CertificateView,
        status: 201,
      },
      async ({ body }, req) => issueCertificate(actorOf(req), body),
    )
    .route(
      {
        method: 'get',
        path: '/me/star',
        summary: '我的志愿服务星级（累计已确认时长）',
        guard: [auth.guard('volunteer')],
        response: StarView,
      },
      async (_i, req) => myStar(actorOf(req)),
    )
    .route(
      {
        method: 'get',
        path: '/stars',
        summary: '本站志愿者星级（累计已确认时长）',
        guard: [auth.guard('coordinator', 'admin')],
        query: z.object({ stationCode: StationCodeSchema.optional() }),
        response: z.array(
          z.object({ volunteerId: z.string(), name: z.string(), hours: z.number(), level: z.number(), starName: z.string() }),
        ),
      },
      async ({ query }, req) => stationStars(actorOf(req), query.stationCode),
    )
    .route(
      {
        method: 'get',
        path: '/:code/print.html',
        summary: '志愿服务记录证明（A4 打印页）',
        guard: [auth.guard('volunteer', 'coordinator', 'admin')],
        params: CodeParams,
        raw: true,
      },
      async ({ params }, req, res) => {
        const cert = await certificateFor(actorOf(req), params.code);
        res
          .type('html')
          .setHeader(
            'Content-Disposition',
            `attachment; filename="certificate.html"; filename*=UTF-8''${encodeURIComponent(`志愿服务记录证明_${cert.serial}.html`)}`,
          );
        res.send(await certificateHtml(cert, `${req.protocol}://${req.get('host') ?? ''}`));
      },
    )
    .route(
      { method: 'get', path: '/verify/:code', summary: '核验志愿服务记录证明（公开，无需登录）', params: CodeParams, response: VerifyView },
      async ({ params }) => verifyCode(params.code),
    );
  // The page printed on the certificate: plain HTML anyone can open from a phone, no sign-in, no script.
  const page = new ApiRouter(registry, '/verify', ['certificates']).route(
    { method: 'get', path: '/:code', summary: '证明核验页（公开）', params: CodeParams, raw: true },
    async ({ params }, _req, res) => {
      res.type('html').send(verifyHtml(await verifyCode(params.code)));
    },
  );
  return [api, page];
}
