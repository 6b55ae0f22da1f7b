import { api, messageOf } from '../api';
import { checkboxes, field, weekGrid, words } from '../components/supply/fields';
import { notice } from '../components/notice';
import { h, mount, options } from '../dom';
import { CATEGORY_LABELS } from '../labels';
import { logFailure } from '../log-failure';
import type { PageView } from '../router';
import type { RegistrationPending } from '../../../src/contracts/supply-views';

interface RegistrationStation {
  code: string;
  name: string;
  communities: Array<{ code: string; name: string }>;
}

const CERTIFICATIONS = ['持证社工', '护士', '心理咨询师', '教师资格证', '无犯罪记录证明', '儿童主任', '医师', '律师', '康复治疗师'];
const ORGANISATION_TYPES = ['社区社会组织', '社工机构', '志愿服务队', '爱心企业', '其他'];

/**
 * Self-registration (signed out): a volunteer or an organisation registers to a station with its
 * phone; the station reviews it before it can take tasks. The answer is the same whether or not the
 * phone already has an account, so the page never says which.
 */
export function registerPage(opts: { onDone(): void }): PageView {
  const msg = notice();
  const kind = h(
    'select',
    { name: 'kind' },
    options([
      ['volunteer', '志愿者'],
      ['organisation', '社会组织'],
    ]),
  );
  const station = h('select', { name: 'stationCode', required: true }, options([['', '正在加载…']]));
  const village = h('select', { name: 'homeCommunityCode' }, options([['', '请先选择社工站']]));
  const name = h('input', { name: 'name', required: true, maxlength: 30, autocomplete: 'name' });
  const phone = h('input', { name: 'phone', required: true, inputmode: 'tel', autocomplete: 'tel', maxlength: 20 });
  const password = h('input', {
    name: 'password',
    type: 'password',
    required: true,
    minlength: 8,
    maxlength: 200,
    autocomplete: 'new-password',
  });
  // Volunteer fields.
  const skills = h('input', { name: 'skills', placeholder: '例如：陪诊、买菜、修理家电', maxlength: 300 });
  const certs = checkboxes(
    'certifications',
    CERTIFICATIONS.map((c) => [c, c] as [string, string]),
  );
  const radius = h('input', { name: 'radiusKm', type: 'number', min: '1', max: '100', step: '1', value: '5', inputmode: 'numeric' });
  const week = weekGrid([]);
  const volunteerPart = h(
    'fieldset',
    { class: 'stack' },
    h('legend', null, '志愿服务信息'),
    field('常住村(社区)', village),
    field('服务半径（公里）', radius, '1–100 公里'),
    field('技能', skills, '用顿号或逗号分隔，每项最多 30 字'),
    h('div', { class: 'field' }, '持有的证书（社工站核验后计入匹配）', certs.el),
    h('div', { class: 'field' }, '每周可服务的时间', week.el),
  );
  // Organisation fields.
  const orgType = h('select', { name: 'type' }, options(ORGANISATION_TYPES.map((t) => [t, t] as [string, string])));
  const categories = checkboxes('categories', Object.entries(CATEGORY_LABELS) as Array<[string, string]>);
  const capacity = h('input', {
    name: 'capacityPerMonth',
    type: 'number',
    min: '1',
    max: '10000',
    step: '1',
    value: '10',
    inputmode: 'numeric',
  });
  const orgDescription = h('textarea', { name: 'description', rows: 3, maxlength: 2000 });
  const organisationPart = h(
    'fieldset',
    { class: 'stack', hidden: true },
    h('legend', null, '组织信息'),
    field('组织类型', orgType),
    h('div', { class: 'field' }, '服务类别（至少一项）', categories.el),
    field('每月可服务（人次）', capacity, '1–10000'),
    field('组织简介', orgDescription, '最多 2000 字'),
  );
  let stations: RegistrationStation[] = [];

  kind.addEventListener('change', () => {
    volunteerPart.hidden = kind.value !== 'volunteer';
    organisationPart.hidden = kind.value !== 'organisation';
    name.maxLength = kind.value === 'volunteer' ? 30 : 60;
  });
  station.addEventListener('change', () => {
    const s = stations.find((x) => x.code === station.value);
    mount(
      village,
      options([['', s ? '请选择村(社区)' : '请先选择社工站'], ...(s?.communities ?? []).map((c) => [c.code, c.name] as [string, string])]),
    );
  });

  void api<RegistrationStation[]>('/api/volunteers/register/stations')
    .then((list) => {
      stations = list;
      mount(station, options([['', '请选择社工站'], ...list.map((s) => [s.code, s.name] as [string, string])]));
    })
    .catch(logFailure('loading stations for registration'));

  const submit = h('button', { type: 'submit', class: 'primary wide' }, '提交注册申请');
  const done = h('div', { class: 'card', hidden: true });
  const form = h(
    'form',
    {
      class: 'card login register',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        msg.clear();
        if (!station.value) return msg.error('请选择社工站');
        const s = stations.find((x) => x.code === station.value);
        const common = { phone: phone.value.trim(), password: password.value, stationCode: station.value, name: name.value.trim() };
        let path: string;
        let body: Record<string, unknown>;
        if (kind.value === 'volunteer') {
          path = '/api/volunteers/register';
          body = {
            ...common,
            skills: words(skills.value),
            certifications: certs.values(),
            availability: week.windows(),
            radiusKm: Number(radius.value) || 5,
            ...(village.value ? { homeCommunityCode: village.value } : {}),
          };
        } else {
          path = '/api/organisations/register';
          const picked = categories.values();
          if (!picked.length) return msg.error('请至少选择一个服务类别');
          body = {
            ...common,
            type: orgType.value,
            categories: picked,
            description: orgDescription.value.trim(),
            capacityPerMonth: Number(capacity.value) || 10,
            coverage: { communityCodes: village.value ? [village.value] : (s?.communities ?? []).map((c) => c.code) },
          };
        }
        submit.disabled = true;
        submit.textContent = '正在提交…';
        try {
          const res = await api<RegistrationPending>(path, { method: 'POST', body });
          form.hidden = true;
          mount(
            done,
            h('h1', null, '申请已提交'),
            h('p', null, res.message),
            h('p', { class: 'muted' }, '社工站审核通过后，您可以用手机号和刚才设置的密码登录。'),
            h('button', { type: 'button', class: 'primary', onclick: () => opts.onDone() }, '返回登录'),
          );
          done.hidden = false;
        } catch (err) {
          msg.error(messageOf(err));
          submit.disabled = false;
          submit.textContent = '提交注册申请';
        }
      },
    },
    h('h1', null, '志愿者 / 社会组织注册'),
    h('p', { class: 'muted' }, '提交后由所选社工站审核，审核通过即可接收服务任务。'),
    field('注册身份', kind),
    field('所属社工站', station),
    field('姓名或组织名称', name, '志愿者最多 30 字，组织最多 60 字'),
    field('手机号（登录账号）', phone),
    field('密码', password, '至少 8 位，不能包含手机号，不能是常见密码'),
    volunteerPart,
    organisationPart,
    msg.el,
    submit,
    h(
      'p',
      { class: 'small' },
      h('a', { href: '/login', onclick: (e: Event) => (e.preventDefault(), opts.onDone()) }, '已有账号？返回登录'),
    ),
  );
  return { title: '注册', el: h('div', { class: 'login-wrap' }, form, done) };
}
