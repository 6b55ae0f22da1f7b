import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { fmtDate } from '../format';
import { CATEGORY_LABELS, label } from '../labels';
import type { PageContext, PageView } from '../router';
import type { Organisation, Volunteer } from '../../../src/contracts/supply-views';
import type { Page } from '../types';

const DAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function availabilityText(v: Volunteer): string {
  if (!v.availability.length) return '未填写';
  return v.availability.map((w) => `${DAY[w.day]} ${w.start}–${w.end}`).join('，');
}

/**
 * The station's review queues: new volunteers (whose declared certificates are checked at approval)
 * and new organisations; and approved volunteers with newly declared certificates to verify.
 */
export function approvalsPage(_ctx: PageContext): PageView {
  const msg = notice();
  const volunteersBox = h('div', { class: 'stack', 'aria-busy': 'true' });
  const certsBox = h('div', { class: 'stack' });
  const orgsBox = h('div', { class: 'stack', 'aria-busy': 'true' });
  const counts = h('p', { class: 'muted small' });
  let disposed = false;

  async function act(button: HTMLButtonElement, path: string, body: unknown, done: string): Promise<void> {
    button.disabled = true;
    const text = button.textContent;
    button.textContent = '正在提交…';
    try {
      await api(path, { method: 'POST', body });
      msg.ok(done);
      await load();
    } catch (err) {
      msg.error(messageOf(err));
      button.disabled = false;
      button.textContent = text;
    }
  }

  function volunteerCard(v: Volunteer): HTMLElement {
    const note = h('input', { name: 'note', maxlength: 200, placeholder: '审核意见（选填，最多 200 字）', 'aria-label': '审核意见' });
    const approve = h('button', { type: 'button', class: 'primary' }, '通过');
    const reject = h('button', { type: 'button', class: 'danger' }, '不通过');
    const checked = h('input', { type: 'checkbox', name: 'certsChecked' });
    const hasCerts = v.certifications.length > 0;
    approve.addEventListener('click', () => {
      if (hasCerts && !checked.checked) return msg.error('请先核对证书原件，并勾选“已核对证书”');
      void act(approve, `/api/volunteers/${v.id}/approve`, { note: note.value.trim() || undefined }, `已通过：${v.name}`);
    });
    reject.addEventListener('click', () => {
      if (!note.value.trim()) return msg.error('不通过时请填写审核意见');
      void act(reject, `/api/volunteers/${v.id}/reject`, { note: note.value.trim() }, `已不通过：${v.name}`);
    });
    return h(
      'article',
      { class: 'card review-card', 'data-volunteer-id': v.id },
      h(
        'header',
        { class: 'row between' },
        h('strong', null, v.name),
        h('span', { class: 'muted small' }, `申请于 ${fmtDate(v.createdAt)}`),
      ),
      h('p', { class: 'small' }, `手机：${v.phone} · 服务半径 ${v.radiusKm} 公里 · 同时最多 ${v.maxActive} 项任务`),
      h('p', { class: 'small' }, `技能：${v.skills.join('、') || '未填写'}`),
      h('p', { class: 'small' }, `可服务时间：${availabilityText(v)}`),
      v.description ? h('p', { class: 'small' }, v.description) : null,
      hasCerts
        ? h(
            'div',
            { class: 'certs' },
            h('p', { class: 'small' }, h('strong', null, '申报的证书：'), v.certifications.join('、')),
            h('label', { class: 'check' }, checked, '已核对证书原件（通过后这些证书计入匹配，如儿童服务资质）'),
          )
        : h('p', { class: 'muted small' }, '未申报证书'),
      h('div', { class: 'row' }, note, approve, reject),
    );
  }

  function certCard(v: Volunteer): HTMLElement {
    const pending = v.certifications.filter((c) => !v.verifiedCertifications.includes(c));
    const verify = h('button', { type: 'button', class: 'primary' }, '核验通过');
    verify.addEventListener(
      'click',
      () => void act(verify, `/api/volunteers/${v.id}/certifications/verify`, undefined, `已核验：${v.name}`),
    );
    return h(
      'article',
      { class: 'card review-card', 'data-volunteer-id': v.id },
      h('p', null, h('strong', null, v.name), ` 新申报：${pending.join('、')}`),
      h('div', { class: 'row' }, verify),
    );
  }

  function organisationCard(o: Organisation): HTMLElement {
    const note = h('input', { name: 'note', maxlength: 200, placeholder: '审核意见（选填，最多 200 字）', 'aria-label': '审核意见' });
    const approve = h('button', { type: 'button', class: 'primary' }, '通过');
    const reject = h('button', { type: 'button', class: 'danger' }, '不通过');
    approve.addEventListener(
      'click',
      () => void act(approve, `/api/organisations/${o.id}/approve`, { note: note.value.trim() || undefined }, `已通过：${o.name}`),
    );
    reject.addEventListener('click', () => {
      if (!note.value.trim()) return msg.error('不通过时请填写审核意见');
      void act(reject, `/api/organisations/${o.id}/reject`, { note: note.value.trim() }, `已不通过：${o.name}`);
    });
    return h(
      'article',
      { class: 'card review-card', 'data-organisation-id': o.id },
      h(
        'header',
        { class: 'row between' },
        h('strong', null, o.name),
        h('span', { class: 'muted small' }, `申请于 ${fmtDate(o.createdAt)}`),
      ),
      h('p', { class: 'small' }, `${o.type} · 联系电话 ${o.contactPhone} · 每月可服务 ${o.capacityPerMonth} 人次`),
      h('p', { class: 'small' }, `服务类别：${o.categories.map((c) => label(CATEGORY_LABELS, c)).join('、')}`),
      o.description ? h('p', { class: 'small' }, o.description) : null,
      h('div', { class: 'row' }, note, approve, reject),
    );
  }

  async function load(): Promise<void> {
    try {
      const [pendingVolunteers, approved, pendingOrgs] = await Promise.all([
        api<Page<Volunteer>>('/api/volunteers', { query: { status: 'pending', limit: 100 } }),
        api<Page<Volunteer>>('/api/volunteers', { query: { status: 'approved', limit: 100 } }),
        api<Page<Organisation>>('/api/organisations', { query: { status: 'pending', limit: 100 } }),
      ]);
      if (disposed) return;
      const toVerify = approved.items.filter((v) => v.certifications.some((c) => !v.verifiedCertifications.includes(c)));
      counts.textContent = `待审核志愿者 ${pendingVolunteers.items.length} · 待核验证书 ${toVerify.length} · 待审核组织 ${pendingOrgs.items.length}`;
      mount(
        volunteersBox,
        pendingVolunteers.items.length ? pendingVolunteers.items.map(volunteerCard) : h('p', { class: 'empty' }, '没有待审核的志愿者'),
      );
      mount(certsBox, toVerify.length ? toVerify.map(certCard) : h('p', { class: 'muted small' }, '没有待核验的证书'));
      mount(
        orgsBox,
        pendingOrgs.items.length ? pendingOrgs.items.map(organisationCard) : h('p', { class: 'empty' }, '没有待审核的社会组织'),
      );
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      volunteersBox.setAttribute('aria-busy', 'false');
      orgsBox.setAttribute('aria-busy', 'false');
    }
  }

  const off = onLiveChange(
    () => void load(),
    (e) => e.type === 'volunteer.registered' || e.type === 'organisation.registered',
  );
  void load();
  return {
    title: '注册审核',
    el: h(
      'div',
      { class: 'page narrow' },
      h('div', { class: 'page-head' }, h('h1', null, '注册审核'), counts),
      msg.el,
      h('section', { 'aria-labelledby': 'vol-h' }, h('h2', { id: 'vol-h' }, '新志愿者'), volunteersBox),
      h('section', { 'aria-labelledby': 'cert-h' }, h('h2', { id: 'cert-h' }, '证书核验'), certsBox),
      h('section', { 'aria-labelledby': 'org-h' }, h('h2', { id: 'org-h' }, '新社会组织'), orgsBox),
    ),
    dispose() {
      disposed = true;
      off();
    },
  };
}
