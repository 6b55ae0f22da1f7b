import { h } from '../dom';
import { live, type ConnState } from '../live';

const TEXT: Record<ConnState, string> = { connecting: '连接中', connected: '已连接', reconnecting: '重连中', disconnected: '已断开' };

/** The live connection state, with a retry button when disconnected. */
export function connBadge(): { el: HTMLElement; dispose(): void } {
  const text = h('span', { class: 'conn-text' });
  const retry = h('button', { type: 'button', class: 'link small', onclick: () => live.reconnect() }, '重新连接');
  const el = h(
    'span',
    { class: 'conn', role: 'status', 'aria-live': 'polite', title: '实时推送连接状态' },
    h('i', { class: 'dot', 'aria-hidden': 'true' }),
    text,
    retry,
  );
  const show = (s: ConnState) => {
    el.dataset.conn = s;
    text.textContent = TEXT[s];
    retry.hidden = s !== 'disconnected';
  };
  show(live.state);
  return { el, dispose: live.onState(show) };
}
