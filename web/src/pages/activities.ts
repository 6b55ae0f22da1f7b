import { api, messageOf } from '../api';
import { submitterOf, whileBusy } from '../components/busy';
import { clearFieldErrors, showFieldErrors, field } from '../components/form-errors';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { ACTIVITY_KINDS, ACTIVITY_STATUS_LABELS, today, type Activity, type VolunteerLine } from '../people';
import type { PageContext, PageView } from '../router';
import type { Page } from '../types';

/** Limits the server enforces on an activity (src/activities/schema.ts). */
const TITLE_MAX = 100;
const PLACE_MAX = 100;
const NOTE_MAX = 2000;

const splitNames = (text: string) =>
  text
    .split(/[,，、\n]/u)
    .map((s) => s.trim())
    .filter(Boolean);

/** 社区活动: list, record an activity with participants and volunteers' hours, confirm the hours. */
export function activitiesPage(_ctx: PageContext): PageView {
  const msg = notice();
  const list = h('div', { class: 'stack', 'aria-busy': 'true' });
  let volunteers: VolunteerLine[] = [];
  let disposed = false;

  function card(a: Activity): HTMLElement {
    const el: HTMLElement = h(
      'section',
      { class: 'card activity', 'data-activity-id': a.id },
      h('h2', null, a.title, ' ', h('span', { class: 'tag' }, ACTIVITY_STATUS_LABELS[a.status])),
      h(
        'p',
        { class: 'muted small' },
        [a.date, a.kind, a.place, `参与 ${a.participants} 人次`, a.signIns.length ? `签到 ${a.signIns.length} 人` : '']
          .filter(Boolean)
          .join(' · '),
      ),
      a.note ? h('p', null, a.note) : null,
      a.volunteers.length
        ? h(
            'ul',
            { class: 'list activity-volunteers' },
            a.volunteers.map((v) =>
              h(
                'li',
                { class: 'row between' },
                h('span', null, `${v.name} ${v.hours} 小时`),
                v.confirmed
                  ? h('span', { class: 'tag soft' }, '时长已确认')
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'small',
                        onclick: async (e: Event) => {
                          try {
                            const updated = await whileBusy(e.currentTarget as HTMLButtonElement, '正在确认…', () =>
                              api<Activity>(`/api/activities/${a.id}/volunteers/${v.volunteerId}/confirm`, { method: 'POST' }),
                            );
                            msg.ok(`已确认${v.name}的服务时长`);
                            el.replaceWith(card(updated));
                          } catch (err) {
                            msg.error(messageOf(err));
                          }
                        },
                      },
                      `确认${v.name}的时长`,
                    ),
              ),
            ),
          )
        : null,
      a.status === 'planned'
        ? h(
            'div',
            { class: 'row' },
            (['held', 'cancelled'] as const).map((to) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'small',
                  onclick: async (e: Event) => {
                    try {
                      const updated = await whileBusy(e.currentTarget as HTMLButtonElement, '正在保存…', () =>
                        api<Activity>(`/api/activities/${a.id}/transitions`, { body: { to } }),
                      );
                      el.replaceWith(card(updated));
                    } catch (err) {
                      msg.error(messageOf(err));
                    }
                  },
                },
                to === 'held' ? '标为已举办' : '取消活动',
              ),
            ),
          )
        : null,
    );
    return el;
  }

  async function load(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<Activity>>('/api/activities', { query: { limit: 100 } });
      if (disposed) return;
      mount(list, page.items.length ? page.items.map(card) : h('p', { class: 'muted' }, '还没有社区活动'));
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  const title = h('input', { name: 'title', required: true, maxlength: TITLE_MAX });
  const date = h('input', { name: 'date', type: 'date', required: true, value: today() });
  const place = h('input', { name: 'place', maxlength: PLACE_MAX });
  const kind = h('select', { name: 'kind', required: true }, options(ACTIVITY_KINDS.map((k) => [k, k])));
  const participants = h('input', { name: 'participants', type: 'number', min: 0, max: 100000, value: '0', inputmode: 'numeric' });
  const signIns = h('textarea', { name: 'signIns', rows: 2, placeholder: '签到人员姓名，用逗号或换行分隔（选填）' });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: NOTE_MAX });
  const status = h(
    'select',
    { name: 'status' },
    options(
      [
        ['held', '已举办'],
        ['planned', '筹备中'],
      ],
      'held',
    ),
  );
  const volunteerRows = h('div', { class: 'stack volunteer-hours' });

  function volunteerRow(): HTMLElement {
    const who = h(
      'select',
      { name: 'volunteers.volunteerId', 'aria-label': '志愿者' },
      options([['', '选择志愿者'], ...volunteers.map((v): [string, string] => [v.id, v.name])]),
    );
    const hours = h('input', {
      name: 'volunteers.hours',
      type: 'number',
      min: 0.5,
      max: 24,
      step: 0.5,
      value: '2',
      'aria-label': '服务时长（小时）',
    });
    const el = h('div', { class: 'row' }, who, hours, h('button', { type: 'button', class: 'small', onclick: () => el.remove() }, '移除'));
    return el;
  }

  const create: HTMLFormElement = h(
    'form',
    {
      class: 'card stack activity-create',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(create);
        const rows = [...volunteerRows.querySelectorAll('.row')].flatMap((r) => {
          const id = (r.querySelector('select') as HTMLSelectElement).value;
          const hours = Number((r.querySelector('input') as HTMLInputElement).value);
          return id ? [{ volunteerId: id, hours }] : [];
        });
        try {
          await whileBusy(submitterOf(e), '正在保存…', () =>
            api<Activity>('/api/activities', {
              body: {
                title: title.value.trim(),
                date: date.value,
                place: place.value.trim(),
                kind: kind.value,
                participants: Number(participants.value || 0),
                signIns: splitNames(signIns.value),
                volunteers: rows,
                note: note.value.trim(),
                status: status.value,
              },
            }),
          );
          msg.ok('社区活动已登记');
          create.reset();
          volunteerRows.replaceChildren();
          await load();
        } catch (err) {
          msg.error(showFieldErrors(create, err));
        }
      },
    },
    h('h2', null, '登记社区活动'),
    field('活动名称', title, `最多 ${TITLE_MAX} 个字`),
    h('label', null, '日期', date),
    h('label', null, '地点', place),
    h('label', null, '活动类型', kind),
    h('label', null, '参与人次', participants),
    h('label', null, '签到', signIns),
    h(
      'fieldset',
      null,
      h('legend', null, '参加的志愿者与服务时长'),
      volunteerRows,
      h('button', { type: 'button', class: 'small', onclick: () => volunteerRows.append(volunteerRow()) }, '添加志愿者'),
    ),
    h('label', null, '备注', note),
    h('label', null, '状态', status),
    h('button', { type: 'submit', class: 'primary' }, '登记活动'),
  );

  void api<Page<VolunteerLine>>('/api/volunteers', { query: { limit: 200 } })
    .then((p) => (volunteers = p.items))
    .catch((err: unknown) => msg.error(messageOf(err)));
  void load();
  return {
    title: '社区活动',
    el: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, '社区活动')), msg.el, list, create),
    dispose() {
      disposed = true;
    },
  };
}
