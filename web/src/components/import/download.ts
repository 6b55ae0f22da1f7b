import { ApiError } from '../../api';
import { h } from '../../dom';
import { session } from '../../session';

async function fetchFile(path: string): Promise<Response> {
  const send = () => fetch(path, { headers: { Authorization: `Bearer ${session.token() ?? ''}` } });
  let res = await send();
  if (res.status === 401 && session.get()) {
    await session.refresh();
    res = await send();
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `下载失败（${res.status}）`);
  }
  return res;
}

/**
 * A button that downloads a file from the API with the session's token (a plain link would carry no
 * token), saving it under `filename`.
 */
export function downloadButton(
  text: string,
  path: string | (() => string),
  filename: string,
  onError: (message: string) => void,
): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'download' }, text);
  button.addEventListener('click', () => {
    button.disabled = true;
    const original = button.textContent;
    button.textContent = '正在准备下载…';
    void fetchFile(typeof path === 'string' ? path : path())
      .then(async (res) => {
        const url = URL.createObjectURL(await res.blob());
        const a = h('a', { href: url, download: filename, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      })
      .catch((err: unknown) => onError(err instanceof Error ? err.message : '下载失败'))
      .finally(() => {
        button.disabled = false;
        button.textContent = original;
      });
  });
  return button;
}
