import { api, messageOf } from '../api';
import { notice } from '../components/notice';
import { referralAnswerForm, referralForm } from '../components/referral-forms';
import { h, mount } from '../dom';
import { download } from './files';
import { fmtDate, fmtDay } from '../format';
import { URGENCY_LABELS, label } from '../labels';
import type { HouseholdProfile } from '../people';
import type { PageContext, PageView } from '../router';
import { CASE_STATUS_LABELS, FINDING_AREA_LABELS, FINDING_LEVEL_LABELS, VISIT_MODE_LABELS } from '../station-work';

const RELATION_GENDER = { male: '男', female: '女' } as const;

/** 服务对象档案: one household with its members, groups, every need and its outcome, visits, assignments, referrals, cases. */
export function householdProfilePage(ctx: PageContext): PageView {
  const id = ctx.params[0]!;
  const msg = notice();
  const heading = h('h1', null, '服务对象档案');
  const body = h('div', { class: 'stack', 'aria-busy': 'true' });
  let disposed = false;

  async function load(): Promise<void> {
    try {
      const p = await api<HouseholdProfile>(`/api/households/${id}/profile`);
      if (disposed) return;
      heading.textContent = `服务对象档案：${p.household.headName}`;
      mount(body, basics(p), members(p), needs(p), referrals(p), visits(p), cases(p), ctx.user.role === 'admin' ? rights() : null);
    } catch (err) {
      msg.error(messageOf(err));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  function basics(p: HouseholdProfile): HTMLElement {
    const x = p.household;
    return h(
      'section',
      { class: 'card' },
      h(
        'dl',
        { class: 'kv' },
        h('dt', null, '户主'),
        h('dd', { class: 'head-name' }, x.headName, x.keyTarget ? h('span', { class: 'tag' }, '重点对象') : null),
        h('dt', null, '电话'),
        h('dd', { class: 'phone' }, x.phone ?? '无'),
        h('dt', null, '村(社区)'),
        h('dd', null, p.communityName ?? '—'),
        h('dt', null, '地址'),
        h('dd', null, x.address),
        h('dt', null, '服务对象类别'),
        h('dd', null, x.groups.join('、') || '—'),
        x.notes ? [h('dt', null, '备注'), h('dd', null, x.notes)] : null,
      ),
    );
  }

  function members(p: HouseholdProfile): HTMLElement {
    const rows = p.household.members;
    return h(
      'section',
      { class: 'card' },
      h('h2', null, `家庭成员（${rows.length}）`),
      rows.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'members' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['姓名', '关系', '性别', '出生年份', '电话', '健康', '类别'].map((t) => h('th', null, t)),
                ),
              ),
              h(
                'tbody',
                null,
                rows.map((m) =>
                  h(
                    'tr',
                    null,
                    h('td', null, m.name),
                    h('td', null, m.relation),
                    h('td', null, m.gender ? RELATION_GENDER[m.gender] : '—'),
                    h('td', null, m.birthYear ?? '—'),
                    h('td', null, m.phone ?? '—'),
                    h(
                      'td',
                      null,
                      [m.health, m.disability ? `残疾：${m.disability.kind}${m.disability.grade ?? ''}` : null]
                        .filter(Boolean)
                        .join('；') || '—',
                    ),
                    h('td', null, m.groups.join('、') || '—'),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, '没有登记成员'),
    );
  }

  function needs(p: HouseholdProfile): HTMLElement {
    return h(
      'section',
      { class: 'card' },
      h('h2', null, `需求与结果（${p.needs.length}）`),
      p.needs.length
        ? h(
            'ul',
            { class: 'list profile-needs' },
            p.needs.map((n) =>
              h(
                'li',
                { 'data-need-id': n.id },
                h(
                  'div',
                  { class: 'row between' },
                  h('a', { href: `/needs/${n.id}`, 'data-link': true }, n.title),
                  h('span', { class: `tag status-${n.status}` }, n.statusName),
                ),
                h(
                  'p',
                  { class: 'muted small' },
                  [n.categoryName ?? '未分类', label(URGENCY_LABELS, n.urgency), `${fmtDay(n.createdAt)} 登记`, `结果：${n.outcome}`].join(
                    ' · ',
                  ),
                ),
                n.assignments.length
                  ? h(
                      'ul',
                      { class: 'history' },
                      n.assignments.map((a) =>
                        h(
                          'li',
                          null,
                          `${a.candidate.name}：${a.statusName}${a.hours ? `（${a.hours} 小时）` : ''} · ${fmtDay(a.createdAt)}`,
                          a.status === 'completed'
                            ? [' ', h('a', { href: `/satisfaction?kind=assignment&id=${a.id}`, 'data-link': true }, '满意度回访')]
                            : null,
                        ),
                      ),
                    )
                  : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, '还没有需求'),
    );
  }

  function referrals(p: HouseholdProfile): HTMLElement {
    const form = referralForm({ householdId: () => id, msg, onSent: () => void load() });
    return h(
      'section',
      { class: 'card stack profile-referrals' },
      h('h2', null, `转介（${p.referrals.length}）`),
      p.referrals.length
        ? h(
            'ul',
            { class: 'list' },
            p.referrals.map((r) => {
              const slot = h('div');
              return h(
                'li',
                { class: 'referral-row', 'data-status': r.status },
                h('div', { class: 'row between' }, h('strong', null, `转介到${r.targetName}`), h('span', { class: 'tag' }, r.statusName)),
                h('p', null, r.request),
                h('p', { class: 'muted small' }, `${fmtDay(r.sentAt)} 转介 · 应于 ${fmtDay(r.answerDueAt)} 前回复`),
                r.answer ? h('p', { class: 'answer' }, `回复（${fmtDay(r.answeredAt)}）：${r.answer}`) : null,
                r.status === 'sent' || r.status === 'no_answer' || r.status === 'accepted'
                  ? h(
                      'button',
                      {
                        type: 'button',
                        class: 'small',
                        onclick: () =>
                          mount(
                            slot,
                            referralAnswerForm(r, msg, () => void load()),
                          ),
                      },
                      '登记回复',
                    )
                  : null,
                slot,
              );
            }),
          )
        : h('p', { class: 'muted' }, '还没有转介'),
      form,
    );
  }

  function visits(p: HouseholdProfile): HTMLElement {
    return h(
      'section',
      { class: 'card' },
      h('h2', null, `探访（${p.visits.length}）`),
      p.visits.length
        ? h(
            'ul',
            { class: 'list' },
            p.visits.map((v) =>
              h(
                'li',
                null,
                h('strong', null, `${fmtDate(v.visitedAt)} ${label(VISIT_MODE_LABELS, v.mode)}`),
                ` · ${v.visitorName}`,
                h(
                  'p',
                  { class: 'muted small' },
                  Object.entries(v.findings)
                    .map(([area, level]) => `${label(FINDING_AREA_LABELS, area)}${label(FINDING_LEVEL_LABELS, level)}`)
                    .join('，'),
                ),
                v.note ? h('p', null, v.note) : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, '还没有探访记录'),
    );
  }

  function cases(p: HouseholdProfile): HTMLElement {
    return h(
      'section',
      { class: 'card' },
      h('h2', null, `个案（${p.cases.length}）`),
      p.cases.length
        ? h(
            'ul',
            { class: 'list' },
            p.cases.map((c) =>
              h(
                'li',
                null,
                h('a', { href: `/cases/${c.id}`, 'data-link': true }, c.personName),
                ` · ${label(CASE_STATUS_LABELS, c.status)} · ${fmtDay(c.openedAt)} 接案`,
                c.status === 'closed'
                  ? [' ', h('a', { href: `/satisfaction?kind=case&id=${c.id}`, 'data-link': true }, '满意度回访')]
                  : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, '还没有个案'),
    );
  }

  /**
   * A person's rights over their data (查阅复制、删除): the county admin exports everything held about the
   * household, or erases it on the person's request. Erasure cannot be undone, so it asks for a reason and
   * an explicit confirmation; the server audits both.
   */
  function rights(): HTMLElement {
    const reason = h('textarea', { name: 'eraseReason', rows: 2, maxlength: 200, placeholder: '例如：本人书面申请删除（申请日期）' });
    const confirmed = h('input', { type: 'checkbox', name: 'eraseConfirm' });
    const erase = h('button', { type: 'button', class: 'danger', disabled: true }, '删除个人信息');
    const ready = () => {
      erase.disabled = !(confirmed.checked && reason.value.trim().length >= 2);
    };
    reason.addEventListener('input', ready);
    confirmed.addEventListener('change', ready);
    erase.addEventListener('click', () => {
      erase.disabled = true;
      erase.setAttribute('aria-busy', 'true');
      void api<Record<string, number>>(`/api/privacy/households/${id}/erase`, { body: { confirm: true, reason: reason.value.trim() } })
        .then((counts) => {
          // The erased household is archived: its profile is gone, so the page says what happened instead.
          heading.textContent = '服务对象档案（已删除）';
          mount(
            body,
            h('p', { class: 'card erased' }, '该户个人信息已删除（匿名化），档案已归档，统计数据保留。'),
            h('a', { href: '/households', 'data-link': true }, '返回服务对象'),
          );
          msg.ok(
            `已删除（匿名化）该户个人信息：需求 ${counts.needs ?? 0} 条、个案 ${counts.cases ?? 0} 个、探访 ${counts.visitRecords ?? 0} 次、转介 ${counts.referrals ?? 0} 条、小组 ${counts.groups ?? 0} 个。`,
          );
        })
        .catch((err: unknown) => {
          msg.error(messageOf(err));
          ready();
        })
        .finally(() => erase.removeAttribute('aria-busy'));
    });
    const exportButton = h('button', { type: 'button' }, '导出全部个人信息');
    exportButton.addEventListener('click', () => {
      exportButton.setAttribute('aria-busy', 'true');
      void download(`/api/privacy/households/${id}/export`, `服务对象个人信息_${id}.json`)
        .catch((err: unknown) => msg.error(messageOf(err)))
        .finally(() => exportButton.removeAttribute('aria-busy'));
    });
    return h(
      'section',
      { class: 'card stack privacy-rights', 'aria-label': '个人信息权利' },
      h('h2', null, '个人信息权利（查阅复制、删除）'),
      h(
        'p',
        { class: 'muted small' },
        '按本人申请导出或删除该户的个人信息。导出与删除都记入审计；删除后姓名、电话、证件号、地址、健康情况和记录中的文字不可恢复，统计数据保留。',
      ),
      h('div', { class: 'row' }, exportButton),
      h('label', null, '删除理由', reason),
      h('label', null, confirmed, ' 我已核实本人申请，知道删除后无法恢复'),
      h('div', { class: 'row' }, erase),
    );
  }

  void load();
  return {
    title: '服务对象档案',
    el: h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('a', { href: '/households', 'data-link': true, class: 'small' }, '← 服务对象'), heading),
      msg.el,
      body,
    ),
    dispose() {
      disposed = true;
    },
  };
}
