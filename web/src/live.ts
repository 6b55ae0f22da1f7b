import { io, type Socket } from 'socket.io-client';
import { session } from './session';
import type { WireEvent } from './types';

/** Connection state shown in the header: 已连接 / 重连中 / 已断开. */
export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

type Listener = (e: WireEvent) => void;

/**
 * The live push client: one socket per signed-in session. Remembers the last sequence per room and
 * sends it as `since` on every (re)connect, so the server replays what was missed; duplicates are dropped.
 */
class Live {
  private socket: Socket | null = null;
  private seen: Record<string, number> = {};
  private listeners = new Set<Listener>();
  private stateListeners = new Set<(s: ConnState) => void>();
  private readyListeners = new Set<() => void>();
  state: ConnState = 'disconnected';
  /** The access token the latest handshake carried. */
  private handshakeToken: string | undefined;

  start(): void {
    if (this.socket) return;
    const socket = io({
      path: '/socket.io',
      // WebSocket first: no long-polling requests to outlive a session the server ends (they answer 400),
      // and no sticky sessions needed behind a proxy; polling remains the fallback where WebSocket is blocked.
      transports: ['websocket', 'polling'],
      auth: (cb) => {
        this.handshakeToken = session.token();
        cb({ token: this.handshakeToken, since: { ...this.seen } });
      },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    this.setState('connecting');
    socket.on('ready', (info: { rooms: string[]; latest: Record<string, number> }) => {
      for (const room of info.rooms) this.seen[room] ??= info.latest[room] ?? 0;
      this.setState('connected');
      this.readyListeners.forEach((fn) => fn());
    });
    socket.on('event', (e: WireEvent) => {
      if ((this.seen[e.room] ?? 0) >= e.seq) return;
      this.seen[e.room] = e.seq;
      this.listeners.forEach((fn) => fn(e));
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return this.setState('disconnected');
      this.setState('reconnecting');
      // The server closed us (e.g. restart): socket.io does not retry on its own then.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => {
      if (socket.active) return this.setState('reconnecting');
      // Refused with a token this device has since replaced (a password change ends the old session and
      // hands over new tokens; the server closes the old socket before that answer arrives): retry with it.
      if (err.message === 'unauthorized' && session.get() && session.token() !== this.handshakeToken) {
        this.setState('reconnecting');
        socket.connect();
        return;
      }
      // Refused by the server's middleware: usually an expired token. Refresh once and retry.
      if (err.message === 'unauthorized' && session.get()) {
        this.setState('reconnecting');
        session.refresh().then(
          () => socket.connect(),
          () => this.setState('disconnected'),
        );
      } else this.setState('disconnected');
    });
    socket.io.on('reconnect_failed', () => this.setState('disconnected'));
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.seen = {};
    this.setState('disconnected');
  }

  /** Drops the connection and reconnects (the 重新连接 button). */
  reconnect(): void {
    if (!this.socket) return this.start();
    this.socket.disconnect();
    this.setState('reconnecting');
    this.socket.connect();
  }

  on(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onState(fn: (s: ConnState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /** Called after every (re)connect once catch-up starts: pages refetch what they show. */
  onReady(fn: () => void): () => void {
    this.readyListeners.add(fn);
    return () => this.readyListeners.delete(fn);
  }

  private setState(s: ConnState): void {
    this.state = s;
    this.stateListeners.forEach((fn) => fn(s));
  }
}

export const live = new Live();
