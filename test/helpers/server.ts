import type { Express } from 'express';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.js';
import { attachLive, type LiveServer } from '../../src/live/socket-server.js';
import { listen, type RunningServer } from '../../src/server.js';
import { loadStationsFromDivisions } from '../../src/stations/service.js';
import { testAuth, testLog } from './db.js';

/** A real listening server (HTTP + socket.io) on a free loopback port. */
export interface TestServer {
  app: Express;
  url: string;
  live: LiveServer;
  close(): Promise<void>;
}

/** Starts the app and the live server the way main.ts does. */
export async function startTestServer(): Promise<TestServer> {
  const app = createApp({ log: testLog, auth: testAuth });
  const http: RunningServer = await listen(app, { host: '127.0.0.1', port: 0, log: testLog });
  const live = attachLive(http.server, { auth: testAuth, log: testLog, pollMs: 100 });
  return {
    app,
    url: `http://127.0.0.1:${http.port}`,
    live,
    async close() {
      await live.close();
      await http.close(1000);
    },
  };
}

/** A wire event as the client sees it. */
export interface ClientEvent {
  id: string;
  room: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** A socket.io client that records every event it receives. */
export interface LiveClient {
  socket: Socket;
  events: ClientEvent[];
  rooms: string[];
  /** Last sequence seen per room: what a reconnecting client sends as `since`. */
  lastSeq(): Record<string, number>;
  close(): void;
}

/** Connects with a token (and optionally `since`), resolving once the server says which rooms it joined. */
export function connectClient(url: string, token: string | undefined, since?: Record<string, number>): Promise<LiveClient> {
  const socket = connect(url, { auth: { token, since }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: ClientEvent[] = [];
  const seen: Record<string, number> = { ...(since ?? {}) };
  socket.on('event', (e: ClientEvent) => {
    events.push(e);
    seen[e.room] = Math.max(seen[e.room] ?? 0, e.seq);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => reject(err));
    socket.once('ready', (info: { rooms: string[]; latest: Record<string, number> }) => {
      for (const room of info.rooms) seen[room] ??= info.latest[room] ?? 0;
      resolve({ socket, events, rooms: info.rooms, lastSeq: () => ({ ...seen }), close: () => socket.close() });
    });
  });
}

/** A live server for one test file, with the stations loaded and every client closed afterwards. */
export interface LiveHarness {
  readonly server: TestServer;
  /** Connects a socket.io client that the harness closes after the file. */
  connect(token: string, since?: Record<string, number>): Promise<LiveClient>;
}

/** Starts a live server (HTTP + socket.io) in beforeAll and stops it, with its clients, in afterAll. */
export function useLiveServer(): LiveHarness {
  let server: TestServer | undefined;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    await loadStationsFromDivisions();
    server = await startTestServer();
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('useLiveServer: the server starts in beforeAll');
      return server;
    },
    async connect(token, since) {
      const client = await connectClient(this.server.url, token, since);
      clients.push(client);
      return client;
    },
  };
}
