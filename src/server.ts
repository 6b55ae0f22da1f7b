import http from 'node:http';
import type { Express } from 'express';
import type { Logger } from './logger.js';

/** An HTTP server that can be shut down gracefully. */
export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish within timeoutMs, then destroys what is left. */
  close(timeoutMs: number): Promise<void>;
}

/** Listens on host:port and returns a handle for graceful shutdown. */
export async function listen(app: Express, opts: { host: string; port: number; log: Logger }): Promise<RunningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  opts.log.info({ host: opts.host, port }, 'http listening');

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    close(timeoutMs) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          opts.log.warn({ timeoutMs }, 'shutdown timeout: destroying remaining connections');
          server.closeAllConnections();
        }, timeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Keep-alive sockets with no request in flight would hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
