import { session } from './session';

/** An API error with its Chinese message (error.message) and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path?: string; message: string }[],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined | null | string[]>;

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  /** Raw bytes (file upload), sent as application/octet-stream. */
  raw?: Blob;
  /** A POST that only reads (a batch query): sent without an Idempotency-Key, so it stores nothing on the server. */
  readOnly?: boolean;
}

/** How long a keyed action waits before its one retry after a network failure. */
const RETRY_PAUSE_MS = 1000;

/**
 * A fresh Idempotency-Key: 128 random bits in hex. Not crypto.randomUUID, which exists only in a
 * secure context: a station may open the console over plain http on its own network.
 */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The key of one call, i.e. of one person's action: every POST but sign-in/out (the server exempts
 * /api/auth/) and read-only queries. Each retry of the call sends the same key, so a repeat the server
 * already carried out is answered with its first answer instead of being done twice.
 */
function keyFor(path: string, method: string, opts: RequestOptions): string | undefined {
  return method === 'POST' && !opts.readOnly && !path.startsWith('/api/auth/') ? newIdempotencyKey() : undefined;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function send(path: string, opts: RequestOptions, method: string, key: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers['Idempotency-Key'] = key;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = 'application/octet-stream';
    body = opts.raw;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  return fetch(withQuery(path, opts.query), { method, headers, body });
}

/**
 * Sends a request; a keyed action whose request failed in the network (the server may have acted and
 * only the answer was lost) is sent once more, after a pause, with the same key.
 */
async function sendRetrying(path: string, opts: RequestOptions, method: string, key: string | undefined): Promise<Response> {
  try {
    return await send(path, opts, method, key);
  } catch (err) {
    if (!key) throw err;
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    return send(path, opts, method, key);
  }
}

/** Calls the API with the session's token; one refresh and retry on 401. A POST action carries an Idempotency-Key. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.raw || opts.body !== undefined ? 'POST' : 'GET');
  const key = keyFor(path, method, opts);
  let res: Response;
  try {
    res = await sendRetrying(path, opts, method, key);
    if (res.status === 401 && session.get()) {
      await session.refresh();
      res = await sendRetrying(path, opts, method, key);
    }
  } catch (err) {
    if (err instanceof Error && err.message.includes('登录')) throw new ApiError(401, 'unauthorized', err.message);
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `请求失败（${res.status}）`, e?.issues);
  }
  return data as T;
}

/** The message to show for any failure. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    const detail = err.issues
      ?.map((i) => i.message)
      .filter(Boolean)
      .join('；');
    return detail ? `${err.message}：${detail}` : err.message;
  }
  return err instanceof Error ? err.message : '操作失败，请稍后重试';
}
