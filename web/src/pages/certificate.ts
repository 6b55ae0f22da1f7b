import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { thisMonth } from '../format';
import type { PageView } from '../router';
import { download } from './files';

interface Star {
  hours: number;
  level: number;
  name: string;
  next: { name: string; hoursToGo: number } | null;
}
interface Certificate {
  code: string;
  name: string;
  from: string;
  to: string;
  hours: number;
  verifyPath: string;
}

/** 我的志愿服务: star level by confirmed hours, and a 志愿服务记录证明 to download and print. */
export function certificatePage(): PageView {
  const msg = notice();
  const star = h('div', { class: 'stats' });
  const result = h('div');
  const year = thisMonth().slice(0, 4);
  const from = h('input', { type: 'month', name: 'from', value: `${year}-01`, max: thisMonth(), 'aria-label': '开始月份' });
  const to = h('input', { type: 'month', name: 'to', value: thisMonth(), max: thisMonth(), 'aria-label': '结束月份' });

  async function loadStar(): Promise<void> {
    try {
      const s = await api<Star>('/api/certificates/me/star');
      mount(
        star,
        h('div', { class: 'stat' }, h('strong', { 'data-star': String(s.level) }, s.name), h('span', null, '志愿服务星级')),
        h('div', { class: 'stat' }, h('strong', null, `${s.hours}`), h('span', null, '累计已确认时长（小时）')),
        s.next
          ? h('div', { class: 'stat' }, h('strong', null, `${s.next.hoursToGo}`), h('span', null, `距${s.next.name}还需（小时）`))
          : null,
      );
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  async function issue(e: Event): Promise<void> {
    e.preventDefault();
    msg.clear();
    try {
      const c = await api<Certificate>('/api/certificates', { body: { from: from.value, to: to.value } });
      const link = `${location.origin}${c.verifyPath}`;
      mount(
        result,
        h(
          'div',
          { class: 'card' },
          h('h2', null, '志愿服务记录证明'),
          h('p', null, `${c.name}：${c.from} 至 ${c.to}，已确认志愿服务 ${c.hours} 小时。`),
          h('p', { class: 'small' }, '验证码：', h('code', { 'data-code': c.code }, c.code)),
          h('p', { class: 'small' }, '核验地址：', h('a', { href: c.verifyPath, target: '_blank', rel: 'noopener' }, link)),
          h(
            'button',
            {
              type: 'button',
              class: 'primary',
              onclick: () =>
                void download(`/api/certificates/${c.code}/print.html`, '志愿服务记录证明.html').catch((err: unknown) =>
                  msg.error(messageOf(err)),
                ),
            },
            '下载证明（可打印）',
          ),
        ),
      );
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  void loadStar();
  return {
    title: '我的志愿服务',
    el: h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, '我的志愿服务'),
        h('p', { class: 'muted small' }, '星级按累计已确认服务时长评定：一星 100 小时，二星 300，三星 600，四星 1000，五星 1500。'),
      ),
      msg.el,
      star,
      h(
        'form',
        { class: 'row card', onsubmit: (e: Event) => void issue(e) },
        h('label', null, '从', from),
        h('label', null, '至', to),
        h('button', { type: 'submit' }, '开具志愿服务记录证明'),
      ),
      result,
    ),
  };
}
