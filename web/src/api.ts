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

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = 'application/octet-stream';
    body = opts.raw;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  return fetch(withQuery(path, opts.query), { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
}

/** Calls the API with the session's token; one refresh and retry on 401. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(path, opts);
    if (res.status === 401 && session.get()) {
      await session.refresh();
      res = await send(path, opts);
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
