import { api, messageOf } from '../api';
import { GROUPS, needFields } from '../components/need-form';
import { notice } from '../components/notice';
import { shortVillage, stationsOf, villageOptions } from '../components/stations';
import { h, mount, options } from '../dom';
import { NEED_SOURCE_LABELS } from '../labels';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { Need, Page } from '../types';

/** What the household search shows of a household. */
interface HouseholdHit {
  id: string;
  headName: string;
  phone: string | null;
  communityCode: string;
  address: string;
}

const SOURCES: [string, string][] = (['walk_in', 'hotline', 'survey', 'referral'] as const).map((k) => [k, NEED_SOURCE_LABELS[k]]);

/**
 * Recording a need by hand (来访, 热线, 入户): find the household by name, phone or its last four digits,
 * or record it on the spot; then the need. Its place comes from the household or its village.
 */
export function needNewPage(ctx: PageContext): PageView {
  const msg = notice();
  const villageNames = new Map<string, string>();
  let chosen: HouseholdHit | null = null;
  let creating = false;
  let disposed = false;

  const search = h('input', {
    type: 'search',
    name: 'householdQ',
    maxlength: 30,
    placeholder: '户主姓名、电话或后四位',
    enterkeyhint: 'search',
  });
  const searchButton = h('button', { type: 'button' }, '查找');
  const hits = h('ul', { class: 'list hits', 'aria-live': 'polite' });
  const chosenBox = h('p', { class: 'need-who', 'data-chosen': '' }, '尚未选择服务对象户');

  const name = h('input', { name: 'name', maxlength: 30 });
  const phone = h('input', { name: 'phone', type: 'tel', maxlength: 20 });
  const village = h('select', { name: 'village' }, options([['', '请选择']], ''));
  const address = h('input', { name: 'address', maxlength: 200 });
  const groups = GROUPS.map((g) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'groups', value: g }), g));
  const newBox = h(
    'fieldset',
    { class: 'form-grid', hidden: true },
    h('legend', null, '新建服务对象户'),
    h('label', null, '户主姓名（最多 30 个字）', name),
    h('label', null, '联系电话', phone),
    h('label', null, '所在村(社区)', village),
    h('label', null, '地址（最多 200 个字）', address),
    h(
      'div',
      { class: 'wide', role: 'group', 'aria-label': '服务对象类别' },
      h('span', { class: 'small muted' }, '服务对象类别'),
      ' ',
      groups,
    ),
  );
  const newButton = h('button', { type: 'button' }, '找不到？新建服务对象户');
  newButton.addEventListener('click', () => {
    creating = !creating;
    chosen = null;
    newBox.hidden = !creating;
    newButton.textContent = creating ? '改为查找已有的户' : '找不到？新建服务对象户';
    chosenBox.textContent = creating ? '将与需求一起登记新户' : '尚未选择服务对象户';
    if (creating && search.value.trim()) (/^\d+$/u.test(search.value.trim()) ? phone : name).value = search.value.trim();
  });

  const source = h('select', { name: 'source' }, options(SOURCES, 'walk_in'));
  const fields = needFields();
  const submit = h('button', { type: 'submit', class: 'primary' }, '登记需求');

  void stationsOf(ctx.user)
    .then((stations) => {
      if (disposed) return;
      for (const s of stations) for (const c of s.communities) villageNames.set(c.code, shortVillage(c.name));
      mount(village, options([['', '请选择'], ...villageOptions(stations)], ''));
    })
    .catch(logFailure('stations for the need form'));

  async function find(): Promise<void> {
    const q = search.value.trim();
    if (!q) return;
    searchButton.disabled = true;
    searchButton.textContent = '查找中…';
    try {
      const page = await api<Page<HouseholdHit>>('/api/households', { query: { q, limit: 10 } });
      mount(
        hits,
        page.items.length
          ? page.items.map((hh) => {
              const pick = h('button', { type: 'button', class: 'small', 'data-household': hh.id }, '选择');
              pick.addEventListener('click', () => {
                chosen = hh;
                creating = false;
                newBox.hidden = true;
                chosenBox.textContent = `已选择：${describe(hh)}`;
              });
              return h('li', null, h('span', null, describe(hh)), pick);
            })
          : h('li', { class: 'muted' }, '没有找到，可新建服务对象户'),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      searchButton.disabled = false;
      searchButton.textContent = '查找';
    }
  }
  const describe = (hh: HouseholdHit) =>
    [hh.headName, hh.phone, villageNames.get(hh.communityCode), hh.address].filter(Boolean).join(' · ');
  searchButton.addEventListener('click', () => void find());
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void find();
    }
  });

  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const body: Record<string, unknown> = { ...fields.value(), source: source.value };
        if (chosen) body.householdId = chosen.id;
        else if (creating) {
          body.household = {
            name: name.value.trim(),
            ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
            village: village.value,
            address: address.value.trim(),
            groups: groups
              .map((l) => l.querySelector('input')!)
              .filter((i) => i.checked)
              .map((i) => i.value),
          };
        } else {
          msg.error('请先查找并选择服务对象户，或新建一户');
          return;
        }
        submit.disabled = true;
        submit.textContent = '正在登记…';
        try {
          const need = await api<Need>('/api/needs', { body });
          ctx.navigate(`/needs/${need.id}`);
        } catch (err) {
          msg.error(messageOf(err));
          submit.disabled = false;
          submit.textContent = '登记需求';
        }
      },
    },
    h(
      'section',
      { 'aria-labelledby': 'who' },
      h('h2', { id: 'who' }, '服务对象户'),
      h('div', { class: 'row' }, h('label', { class: 'grow' }, '查找服务对象户', search), searchButton),
      hits,
      chosenBox,
      newButton,
      newBox,
    ),
    h('section', { 'aria-labelledby': 'what' }, h('h2', { id: 'what' }, '需求'), h('label', null, '来源', source), fields.el),
    h('p', { class: 'muted small' }, '需求地点取该户登记的位置；没有时取所在村(社区)的大致位置。'),
    submit,
  );

  return {
    title: '登记需求',
    el: h(
      'div',
      { class: 'page' },
      h('p', { class: 'small' }, h('a', { href: '/needs', 'data-link': true }, '← 需求清单')),
      h('div', { class: 'page-head' }, h('h1', null, '登记需求')),
      msg.el,
      form,
    ),
    dispose() {
      disposed = true;
    },
  };
}
