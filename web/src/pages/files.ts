import { ApiError } from '../api';
import { session } from '../session';

/** Fetches a file with the session's token (one refresh on 401); the browser then saves it. */
async function fetchFile(path: string): Promise<Response> {
  const go = () => fetch(path, { headers: session.token() ? { Authorization: `Bearer ${session.token()}` } : {} });
  let res = await go();
  if (res.status === 401 && session.get()) {
    await session.refresh();
    res = await go();
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `下载失败（${res.status}）`);
  }
  return res;
}

function nameFrom(res: Response, fallback: string): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '');
  return m ? decodeURIComponent(m[1]!) : fallback;
}

/** Downloads an export (XLSX or a printable page) under the server's file name. */
export async function download(path: string, fallback: string): Promise<void> {
  const res = await fetchFile(path);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = nameFrom(res, fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Opens a printable page (A4 print stylesheet) in a new tab. */
export async function openPrintable(path: string): Promise<void> {
  const win = window.open('', '_blank');
  const res = await fetchFile(path);
  const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
  if (win) win.location.href = url;
  else window.location.href = url;
}
