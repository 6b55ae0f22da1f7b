import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { field, weekGrid, words } from '../components/supply/fields';
import { h, mount, options } from '../dom';
import { fmtDay } from '../format';
import type { PageContext, PageView } from '../router';
import type { HoursEntry, MyHours, Volunteer } from '../../../src/contracts/supply-views';

interface RegistrationStation {
  code: string;
  name: string;
  communities: Array<{ code: string; name: string }>;
}

const STATUS_TEXT: Record<Volunteer['status'], string> = { pending: '待社工站审核', approved: '已通过审核', rejected: '未通过审核' };

function monthText(key: string): string {
  const [y, m] = key.split('-');
  return `${y}年${Number(m)}月`;
}

function entryRow(e: HoursEntry): HTMLElement {
  const state = e.confirmed ? (e.correctedFrom ? `已确认（社工更正：原填 ${e.correctedFrom.hours} 小时）` : '已确认') : '待社工确认';
  return h(
    'tr',
    { 'data-entry-id': e.id, 'data-confirmed': String(e.confirmed) },
    h('td', null, fmtDay(e.date)),
    h('td', null, e.needTitle ?? '服务任务'),
    h('td', { class: 'num' }, `${e.hours} 小时`),
    h('td', null, h('span', { class: `tag ${e.confirmed ? 'ok' : 'warn'}` }, state)),
  );
}

/** The volunteer's own profile (skills, home village and radius, weekly availability) and hours by month. */
export function volunteerProfilePage(_ctx: PageContext): PageView {
  const msg = notice();
  const formBox = h('div', { class: 'card', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const hoursBox = h('div', { class: 'card', 'aria-busy': 'true' }, h('p', { class: 'muted' }, '正在加载…'));
  const status = h('p', { class: 'muted small' });

  async function loadProfile(): Promise<void> {
    try {
      const [me, stations] = await Promise.all([
        api<Volunteer>('/api/volunteers/me'),
        api<RegistrationStation[]>('/api/volunteers/register/stations'),
      ]);
      status.textContent = `审核状态：${STATUS_TEXT[me.status]}${me.verifiedCertifications.length ? ` · 已核验证书：${me.verifiedCertifications.join('、')}` : ''}`;
      const station = stations.find((s) => s.code === me.stationCode);
      const village = h(
        'select',
        { name: 'homeCommunityCode' },
        options(
          [['', '未选择'], ...(station?.communities ?? []).map((c) => [c.code, c.name] as [string, string])],
          me.homeCommunityCode ?? '',
        ),
      );
      const radius = h('input', {
        name: 'radiusKm',
        type: 'number',
        min: '1',
        max: '100',
        step: '1',
        value: String(me.radiusKm),
        inputmode: 'numeric',
      });
      const skills = h('input', { name: 'skills', value: me.skills.join('、'), maxlength: 300 });
      const certs = h('input', { name: 'certifications', value: me.certifications.join('、'), maxlength: 300 });
      const description = h('textarea', { name: 'description', rows: 3, maxlength: 1000 }, me.description);
      const maxActive = h('input', {
        name: 'maxActive',
        type: 'number',
        min: '1',
        max: '20',
        step: '1',
        value: String(me.maxActive),
        inputmode: 'numeric',
      });
      const week = weekGrid(me.availability);
      const save = h('button', { type: 'submit', class: 'primary' }, '保存资料');
      const form = h(
        'form',
        {
          class: 'stack profile-form',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            msg.clear();
            save.disabled = true;
            save.textContent = '正在保存…';
            try {
              await api<Volunteer>('/api/volunteers/me', {
                method: 'PATCH',
                body: {
                  skills: words(skills.value),
                  certifications: words(certs.value),
                  description: description.value.trim(),
                  availability: week.windows(),
                  radiusKm: Number(radius.value),
                  maxActive: Number(maxActive.value),
                  ...(village.value ? { homeCommunityCode: village.value } : {}),
                },
              });
              msg.ok('资料已保存');
            } catch (err) {
              msg.error(messageOf(err));
            } finally {
              save.disabled = false;
              save.textContent = '保存资料';
            }
          },
        },
        h('p', null, h('strong', null, me.name), ` · ${station?.name ?? ''} · ${me.phone}`),
        field('常住村(社区)', village, '任务距离按该村(社区)计算'),
        field('服务半径（公里）', radius, '1–100 公里'),
        field('技能', skills, '用顿号或逗号分隔，每项最多 30 字，最多 30 项'),
        field('证书', certs, '新申报的证书经社工站核验后才计入匹配'),
        field('个人简介', description, '最多 1000 字'),
        field('同时进行的任务数上限', maxActive, '1–20'),
        h('div', { class: 'field' }, '每周可服务的时间', week.el),
        save,
      );
      mount(formBox, form);
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      formBox.setAttribute('aria-busy', 'false');
    }
  }

  async function loadHours(): Promise<void> {
    try {
      const r = await api<MyHours>('/api/volunteers/me/hours/report');
      mount(
        hoursBox,
        h(
          'p',
          { class: 'hours-total' },
          h('strong', null, `累计服务 ${r.total} 小时`),
          r.unconfirmedHours ? h('span', { class: 'muted' }, `（另有 ${r.unconfirmedHours} 小时待社工确认）`) : null,
        ),
        r.months.length
          ? h(
              'table',
              { class: 'table hours-by-month' },
              h(
                'thead',
                null,
                h('tr', null, h('th', null, '月份'), h('th', null, '已确认时长'), h('th', null, '次数'), h('th', null, '累计')),
              ),
              h(
                'tbody',
                null,
                [...r.months]
                  .reverse()
                  .map((m) =>
                    h(
                      'tr',
                      null,
                      h('td', null, monthText(m.key)),
                      h('td', { class: 'num' }, `${m.hours} 小时`),
                      h('td', { class: 'num' }, m.entries),
                      h('td', { class: 'num' }, `${m.runningTotal} 小时`),
                    ),
                  ),
              ),
            )
          : h('p', { class: 'empty' }, '还没有已确认的服务时长。完成任务并经社工确认后会显示在这里。'),
        r.entries.length
          ? h(
              'details',
              null,
              h('summary', null, '最近的服务记录'),
              h(
                'table',
                { class: 'table hours-entries' },
                h('thead', null, h('tr', null, h('th', null, '日期'), h('th', null, '任务'), h('th', null, '时长'), h('th', null, '状态'))),
                h('tbody', null, r.entries.map(entryRow)),
              ),
            )
          : null,
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      hoursBox.setAttribute('aria-busy', 'false');
    }
  }

  void loadProfile();
  void loadHours();
  return {
    title: '我的资料',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '我的资料'), status),
      msg.el,
      h('section', { 'aria-labelledby': 'profile-h' }, h('h2', { id: 'profile-h' }, '服务信息'), formBox),
      h('section', { 'aria-labelledby': 'hours-h' }, h('h2', { id: 'hours-h' }, '服务时长'), hoursBox),
    ),
  };
}
