import { logFailure } from './log-failure';
import type { User } from './types';

/** The signed-in account, kept in localStorage so a reload stays signed in. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: User;
}

export interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

const KEY = 'wushe.session';
const listeners = new Set<(s: Session | null) => void>();
let current: Session | null = read();
let timer: number | undefined;
let refreshing: Promise<Session> | null = null;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function set(next: Session | null): void {
  current = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  schedule();
  listeners.forEach((fn) => fn(next));
}

/** Refreshes a minute before the access token expires (or at half its life when it is short). */
function schedule(): void {
  window.clearTimeout(timer);
  if (!current) return;
  const left = current.expiresAt - Date.now();
  const lead = Math.min(60_000, left / 2);
  timer = window.setTimeout(() => void refresh().catch(logFailure('scheduled token refresh')), Math.max(1_000, left - lead));
}

function fromAnswer(a: TokenAnswer): Session {
  return { accessToken: a.accessToken, refreshToken: a.refreshToken, expiresAt: Date.now() + a.expiresIn * 1000, user: a.user };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export const session = {
  get: () => current,
  user: () => current?.user ?? null,
  token: () => current?.accessToken,
  onChange(fn: (s: Session | null) => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  /** Resumes the refresh timer after a page load. */
  resume(): void {
    if (current && current.expiresAt < Date.now() + 5_000) void refresh().catch(logFailure('token refresh on resume'));
    else schedule();
  },
  async login(username: string, password: string): Promise<Session> {
    const res = await post('/api/auth/login', { username, password });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error?.message ?? '登录失败，请稍后重试');
    const s = fromAnswer(body as TokenAnswer);
    set(s);
    return s;
  },
  refresh,
  /** Takes a new token pair the server handed out (after a password change). */
  adopt(answer: TokenAnswer): Session {
    const s = fromAnswer(answer);
    set(s);
    return s;
  },
  async logout(): Promise<void> {
    const token = current?.accessToken;
    set(null);
    if (token)
      await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(
        logFailure('logout request'),
      );
  },
  clear: () => set(null),
};

/** Swaps the refresh token for new tokens; concurrent callers share one request (the old token dies on use). */
function refresh(): Promise<Session> {
  if (refreshing) return refreshing;
  const token = current?.refreshToken;
  if (!token) return Promise.reject(new Error('未登录'));
  refreshing = (async () => {
    try {
      const res = await post('/api/auth/refresh', { refreshToken: token });
      if (!res.ok) {
        // Only if the pair is still ours: a password change may have handed this device a new one meanwhile,
        // and the old pair's refusal is then no reason to sign out.
        if (current?.refreshToken === token) set(null);
        throw new Error('登录已过期，请重新登录');
      }
      const s = fromAnswer((await res.json()) as TokenAnswer);
      set(s);
      return s;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
