import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Where `npm run build:web` writes the console (web/dist at the repository root). */
export const consoleDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Paths the console never answers: the API, health probes and the live socket. */
const RESERVED = /^\/(api|healthz|readyz|socket\.io)(\/|$)/;

const MISSING_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>五社联动 · 控制台未构建</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.7">
<h1 style="font-size:1.3rem">控制台尚未构建</h1>
<p>服务已启动，但网页控制台还没有构建。请在项目目录运行：</p>
<pre style="background:#f3f4f6;padding:.75rem;border-radius:6px">npm run build:web</pre>
<p>构建完成后刷新本页即可。接口文档见 <a href="/api/openapi.json">/api/openapi.json</a>。</p>
</body></html>`;

/**
 * Serves the built web console from the same app: static files from web/dist and, for any other
 * GET that is not the API, a health probe or socket.io, the SPA's index.html. Mount before the 404 handler.
 */
export function mountConsole(app: Express, dist: string = consoleDist): void {
  // Hashed assets never change; index.html must always be revalidated so a new build shows at once.
  app.use(
    express.static(dist, {
      index: false,
      setHeaders(res, file) {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    // Deep links are page navigations (Accept: text/html); other clients keep the JSON 404.
    // A missing file with an extension (e.g. /assets/old.js) is a real 404, not the SPA.
    const navigation = req.path === '/' || (/\btext\/html\b/.test(req.get('accept') ?? '') && !path.extname(req.path));
    if (!navigation) return next();
    const index = path.join(dist, 'index.html');
    res.setHeader('Cache-Control', 'no-cache');
    if (!fs.existsSync(index)) {
      res.status(200).type('html').send(MISSING_PAGE);
      return;
    }
    res.sendFile(index);
  });
}
