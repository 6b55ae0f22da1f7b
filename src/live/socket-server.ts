import type http from 'node:http';
import { Types } from 'mongoose';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { Auth } from '../auth/service.js';
import { eventsSince, foreignEventsAfter, latestSeqs, onRecorded, toWire, type WireEvent } from '../events/log.js';
import { roomsForActor } from '../events/rooms.js';
import type { Logger } from '../logger.js';
import { logFailure } from '../shared/log-failure.js';
import type { SharedRedis } from '../redis/client.js';
import { listStations } from '../stations/service.js';
import { applyForeignRecords } from './foreign-writes.js';
import { announcePresence, type Peers } from './peers.js';

/** Messages between instances (through the Redis adapter): the event records one instance stored. */
interface InterServerEvents {
  recorded: (records: WireEvent[]) => void;
}

/** What a client may send at connect time or in a `sync` request: last sequence seen per room. */
const SinceSchema = z.record(z.string().max(100), z.number().int().min(0)).default({});

interface SocketState {
  actor: Actor;
  rooms: string[];
  /** Highest sequence delivered per room: nothing at or below it is sent again. */
  delivered: Record<string, number>;
  /** While catch-up runs, live events wait here so order holds and nothing doubles. */
  buffer: WireEvent[] | null;
}

/** The live push service: authenticated sockets, server-decided rooms, delivery from the event log. */
export interface LiveServer {
  io: Server<DefaultEventsMap, DefaultEventsMap, InterServerEvents>;
  close(): Promise<void>;
}

function stateOf(socket: Socket): SocketState {
  return socket.data as SocketState;
}

/**
 * Sends one event unless already sent. An event that skips a sequence number (another instance's
 * event of the same room still on its way) starts a catch-up from the log, which sends the missing
 * ones and then this one, so every socket sees its rooms in sequence order.
 */
function deliver(socket: Socket, event: WireEvent, log?: Logger): void {
  const state = stateOf(socket);
  if (state.buffer) {
    state.buffer.push(event);
    return;
  }
  const delivered = state.delivered[event.room] ?? 0;
  if (delivered >= event.seq) return;
  if (log && event.seq > delivered + 1) {
    state.buffer = [event];
    catchUp(socket, { [event.room]: delivered }).catch((err: unknown) => log.warn({ err, room: event.room }, 'socket gap fill failed'));
    return;
  }
  state.delivered[event.room] = event.seq;
  socket.emit('event', event);
}

/** Sends every event after `since` for each of the socket's rooms, then releases buffered live events. */
async function catchUp(socket: Socket, since: Record<string, number>): Promise<number> {
  const state = stateOf(socket);
  state.buffer ??= [];
  let sent = 0;
  try {
    for (const room of state.rooms) {
      const from = since[room];
      if (from === undefined) continue;
      state.delivered[room] = Math.max(state.delivered[room] ?? 0, from);
      // Page through: a long disconnection may have missed more than one page.
      for (;;) {
        const missed = await eventsSince(room, state.delivered[room]!, 1000);
        for (const e of missed) {
          // Two catch-ups of one socket may overlap (a connect-time one and a client's sync, or a gap fill):
          // whichever emits first wins, the other skips what was already sent.
          if (e.seq <= (state.delivered[room] ?? 0)) continue;
          state.delivered[room] = e.seq;
          socket.emit('event', e);
          sent++;
        }
        if (missed.length < 1000) break;
      }
    }
  } finally {
    const buffered = (state.buffer ?? []).sort((a, b) => (a.room === b.room ? a.seq - b.seq : 0));
    state.buffer = null;
    for (const e of buffered) deliver(socket, e);
  }
  return sent;
}

/**
 * Attaches socket.io to the HTTP server. Handshake needs a valid access token (auth.token);
 * rooms come from verified claims only; clients send `since` (last seq per room) to catch up.
 */
export function attachLive(
  server: http.Server,
  deps: {
    auth: Auth;
    log: Logger;
    pollMs?: number;
    /** How often sockets' sessions are re-checked (ms). */
    sessionCheckMs?: number;
    /** Shared Redis (REDIS_URL): events of other instances arrive through the adapter instead of polling the log. */
    redis?: SharedRedis;
  },
): LiveServer {
  const io = new Server<DefaultEventsMap, DefaultEventsMap, InterServerEvents>(server, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: false },
    // The streams adapter reads the Redis stream from its last offset after a lost connection, so
    // broadcasts made meanwhile still arrive (the pub/sub adapter would drop them).
    ...(deps.redis ? { adapter: createAdapter(deps.redis.client) } : {}),
  });

  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const actor = await deps.auth
      .actorFromToken(typeof token === 'string' ? token : undefined)
      .catch(logFailure('socket handshake token check', {}, deps.log));
    if (!actor) return next(new Error('unauthorized'));
    const countyStations =
      actor.role === 'admin' ? (await listStations({ kind: 'county', countyCode: actor.countyCode })).map((s) => s.code) : [];
    const state: SocketState = { actor, rooms: roomsForActor(actor, countyStations), delivered: {}, buffer: [] };
    Object.assign(socket.data, state);
    next();
  });

  io.on('connection', (socket) => {
    const state = stateOf(socket);
    void socket.join(state.rooms);
    const since = SinceSchema.safeParse((socket.handshake.auth as { since?: unknown })?.since);
    void (async () => {
      const latest = await latestSeqs(state.rooms);
      // A fresh client (no `since` for a room) starts from now.
      const start = Object.fromEntries(state.rooms.map((r) => [r, (since.success ? since.data[r] : undefined) ?? latest[r]!]));
      socket.emit('ready', { rooms: state.rooms, latest });
      await catchUp(socket, start);
    })().catch((err) => deps.log.warn({ err }, 'socket catch-up failed'));

    socket.on('sync', async (raw: unknown, ack?: (r: unknown) => void) => {
      const parsed = SinceSchema.safeParse(raw);
      if (!parsed.success) return ack?.({ error: 'invalid_since' });
      const sent = await catchUp(socket, parsed.data).catch((err: unknown) => {
        deps.log.warn({ err }, 'socket sync failed');
        return -1;
      });
      ack?.({ sent });
    });
  });

  const fanOut = (event: WireEvent) => {
    const ids = io.sockets.adapter.rooms.get(event.room);
    for (const id of ids ?? []) {
      const socket = io.sockets.sockets.get(id);
      if (socket) deliver(socket, event, deps.log);
    }
  };

  // The one place domain events become room emits: after the event log stored them. With Redis the
  // records go to the other instances too; while Redis is away they are not sent (the publish would
  // only queue up), and each instance catches its sockets up from the log once the connection is back.
  const redis = deps.redis;
  const stopListening = onRecorded((records) => {
    records.forEach(fanOut);
    if (redis?.client.status === 'ready') io.serverSideEmit('recorded', records);
  });
  // Another instance's records: its writes reach this instance's county mirrors first, so a board that
  // reloads on the push reads them. One chain keeps the batches in the order they came.
  let foreignChain = Promise.resolve();
  const fromOthers = (records: WireEvent[]) => {
    foreignChain = foreignChain
      .then(() => applyForeignRecords(records, deps.log))
      .then(() => records.forEach(fanOut))
      .catch(logFailure('delivering another instance’s events', {}, deps.log));
  };
  io.on('recorded', fromOthers);
  const stopReconnected = redis?.onReconnected(() => {
    for (const socket of io.sockets.sockets.values()) {
      void catchUp(socket, { ...stateOf(socket).delivered }).catch(logFailure('socket catch-up after redis came back', {}, deps.log));
    }
  });

  // A socket lives no longer than its session: logout or a replayed refresh token ends the family here
  // at once; a sweep catches sessions ended on another instance (or expired).
  const disconnectSessions = (sessionIds: string[]) => {
    const ended = new Set(sessionIds);
    for (const socket of io.sockets.sockets.values()) {
      if (ended.has(stateOf(socket).actor?.sessionId)) {
        socket.emit('session_ended', { message: '登录已失效，请重新登录' });
        socket.disconnect(true);
      }
    }
  };
  const stopSessions = deps.auth.onSessionsEnded(disconnectSessions);
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping || io.sockets.sockets.size === 0) return;
    sweeping = true;
    try {
      const ids = [...new Set([...io.sockets.sockets.values()].map((s) => stateOf(s).actor?.sessionId).filter((id) => id !== undefined))];
      disconnectSessions(await deps.auth.endedSessions(ids));
    } catch (err) {
      deps.log.warn({ err }, 'socket session sweep failed');
    } finally {
      sweeping = false;
    }
  }, deps.sessionCheckMs ?? 5000);
  sweep.unref();

  // Alone (no Redis), other instances' events reach this instance's sockets by polling the log.
  const peers = redis ? undefined : announcePresence(deps.log);
  const stopPolling = peers ? pollForeignEvents(fromOthers, deps.log, deps.pollMs ?? 500, peers) : () => undefined;

  return {
    io,
    async close() {
      stopPolling();
      await peers?.stop().catch(logFailure('leaving the instance list', {}, deps.log));
      clearInterval(sweep);
      stopListening();
      stopReconnected?.();
      stopSessions();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/**
 * Tails the event log for records other instances wrote (the fallback without Redis); returns its stop.
 * Only while another instance is alive: reading the log for others' events scans it on FerretDB.
 */
function pollForeignEvents(fromOthers: (records: WireEvent[]) => void, log: Logger, everyMs: number, peers: Peers): () => void {
  let lastForeign: Types.ObjectId | null = null;
  let polling = false;
  const poll = setInterval(async () => {
    if (polling) return;
    polling = true;
    try {
      const othersSince = await peers.othersSince();
      if (!othersSince) {
        lastForeign = null;
        return;
      }
      // A peer's events are no older than its start; a little margin for clocks of other hosts.
      lastForeign ??= Types.ObjectId.createFromTime(Math.floor(othersSince.getTime() / 1000) - 5);
      const rows = await foreignEventsAfter(lastForeign);
      const last = rows[rows.length - 1];
      if (last) lastForeign = last._id;
      if (rows.length) fromOthers(rows.map(toWire));
    } catch (err) {
      log.debug({ err }, 'event poll failed');
    } finally {
      polling = false;
    }
  }, everyMs);
  poll.unref();
  return () => clearInterval(poll);
}
