import http from 'node:http';
import net from 'node:net';
import type { Express } from 'express';
import type { Logger } from './logger.js';

/** An HTTP server that can be shut down gracefully. */
export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish within timeoutMs, then destroys what is left. */
  close(timeoutMs: number): Promise<void>;
  /**
   * Lets the event loop turn so connections already waiting in the kernel's backlog are accepted (and
   * their requests read): called before close() on a signal, since closing the listener resets them.
   */
  acceptWaiting(): Promise<void>;
}

/**
 * How long, once no request is in flight, a connection accepted before shutdown may take to send its first
 * one. Generous: on a busy machine a request already sent can wait seconds before Node parses it (1 s reset
 * some under load), and the only cost is a slower stop when a client holds an unused connection open.
 */
const FIRST_REQUEST_GRACE_MS = 5_000;

/**
 * Listens on host:port and returns a handle for graceful shutdown.
 *
 * Shutdown does not use http.Server#close() as is: since Node 19 it also closes every connection it
 * sees as idle, and a connection whose request bytes have arrived but are not parsed yet looks idle,
 * so a request the client already sent would be reset. Instead the listener stops, connections that
 * finished their requests close, connections with a request in flight finish it (answered with
 * `Connection: close`), and connections that have sent nothing get a short grace to do so.
 */
export async function listen(app: Express, opts: { host: string; port: number; log: Logger }): Promise<RunningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  opts.log.info({ host: opts.host, port }, 'http listening');

  // Requests in flight per connection; a connection in the map with 0 has finished its requests.
  const inFlight = new Map<net.Socket, number>();
  const used = new WeakSet<net.Socket>();
  let shuttingDown = false;
  let lastConnectionAt = 0;
  server.on('connection', (socket: net.Socket) => {
    lastConnectionAt = Date.now();
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    used.add(socket);
    clearTimeout(grace);
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (shuttingDown) res.setHeader('Connection', 'close');
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (shuttingDown && left === 0) socket.end();
      closeUnusedWhenQuiet();
    });
  });

  const closeFinished = () => {
    for (const [socket, count] of inFlight) if (count === 0 && used.has(socket)) socket.end();
  };
  // Once nothing is in flight, connections that never sent a request get a short grace, then close.
  let grace: NodeJS.Timeout | undefined;
  const closeUnusedWhenQuiet = () => {
    if (!shuttingDown || [...inFlight.values()].some((n) => n > 0)) return;
    clearTimeout(grace);
    grace = setTimeout(() => {
      for (const [socket, count] of inFlight) if (count === 0 && !used.has(socket)) socket.destroy();
    }, FIRST_REQUEST_GRACE_MS);
    grace.unref();
  };

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    async acceptWaiting() {
      // A few loop turns are not always enough (20 connections queued at once were reset now and then):
      // keep accepting until no new connection has arrived for a short quiet spell, within a bound.
      const quietMs = 100;
      const started = Date.now();
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (Date.now() - lastConnectionAt >= quietMs || Date.now() - started >= 2_000) return;
        await new Promise<void>((resolve) => setTimeout(resolve, 10));
      }
    },
    close(timeoutMs) {
      closing ??= new Promise<void>((resolve) => {
        shuttingDown = true;
        const timer = setTimeout(() => {
          opts.log.warn({ timeoutMs }, 'shutdown timeout: destroying remaining connections');
          server.closeAllConnections();
        }, timeoutMs);
        timer.unref();
        // net.Server#close: stop listening; the callback runs once every connection has ended.
        net.Server.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve();
        });
        closeFinished();
        closeUnusedWhenQuiet();
      });
      return closing;
    },
  };
}
