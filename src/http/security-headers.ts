import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers for the API and the console alike: a CSP allowing only our own scripts (the
 * console is one bundle from the same origin; styles may be inline), no framing by other sites,
 * no referrer beyond the origin, nosniff, and HSTS in production only (development runs on http).
 */
export function securityHeaders(opts: { production: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: opts.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}
