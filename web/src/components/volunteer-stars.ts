import { api, messageOf } from '../api';
import { h, mount } from '../dom';

interface StarRow {
  volunteerId: string;
  name: string;
  hours: number;
  level: number;
  starName: string;
}

/** 本站志愿者星级: approved volunteers with cumulative confirmed hours and star level (一星 100 h … 五星 1,500 h). */
export function volunteerStars(): { el: HTMLElement; load(): Promise<void> } {
  const body = h('div', { class: 'table-wrap card', 'aria-busy': 'true' });
  async function load(): Promise<void> {
    try {
      const rows = (await api<StarRow[]>('/api/certificates/stars')).sort((a, b) => b.hours - a.hours);
      mount(
        body,
        rows.length
          ? h(
              'table',
              { class: 'report volunteer-stars' },
              h('caption', null, `志愿者 ${rows.length} 人（按累计已确认服务时长评定星级）`),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['志愿者', '累计时长（小时）', '星级'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h(
                'tbody',
                null,
                rows.map((r) =>
                  h(
                    'tr',
                    { 'data-volunteer': r.volunteerId },
                    h('th', { scope: 'row' }, r.name),
                    h('td', null, String(r.hours)),
                    h('td', { 'data-star': String(r.level) }, r.level ? `${'★'.repeat(r.level)} ${r.starName}` : '未达一星'),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted small' }, '尚无已审核的志愿者。'),
      );
    } catch (err) {
      mount(body, h('p', { class: 'notice error' }, messageOf(err)));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }
  const el = h('section', { 'aria-label': '志愿者星级' }, h('h2', null, '志愿者星级'), body);
  return { el, load };
}
