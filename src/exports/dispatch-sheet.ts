import { scopeOf, type Actor } from '../auth/actor.js';
import { STATUS_NAMES } from '../needs/lifecycle.js';
import { presentNeed } from '../needs/presenter.js';
import { getNeed } from '../needs/service.js';
import { categoryName } from '../needs/taxonomy.js';
import { dayOf } from '../shared/china-time.js';
import { esc, fieldsTable, printPage } from './print.js';
import { assignmentsOfNeeds, stationNames } from './repository.js';

const DAYS = '日一二三四五六';
const URGENCY: Record<string, string> = { low: '一般', normal: '普通', high: '紧急', critical: '特急' };

/** A need's dispatch sheet 派单单 (A4): what to do, when, for whom (village only), who takes it, signatures. */
export async function dispatchSheet(actor: Actor, needId: string): Promise<string> {
  const need = presentNeed(await getNeed(scopeOf(actor), needId));
  const assignments = await assignmentsOfNeeds([need.id]);
  const names = await stationNames([need.stationCode]);
  const windows = need.schedule.windows.map((w) => `周${DAYS[w.day]} ${w.start}—${w.end}`).join('，') || '不限';
  const body = `<h1>社会工作服务派单单</h1>
<p class="meta">${esc(names.get(need.stationCode) ?? need.stationCode)} · 单号 <span class="code">${esc(need.id)}</span> · 打印日期 ${esc(dayOf(new Date()))}</p>
${fieldsTable([
  ['需求', need.title],
  ['类别', categoryName(need.category) ?? '未分类'],
  ['情况说明', need.description],
  ['服务对象类别', need.groups.join('、')],
  ['村(社区)编码', need.communityCode],
  ['紧急程度', URGENCY[need.urgency] ?? need.urgency],
  ['服务时间', `${need.schedule.kind === 'once' ? '一次性' : '定期'}：${windows}`],
  ['截止日期', need.schedule.dueBy ? dayOf(new Date(need.schedule.dueBy)) : '—'],
  ['所需技能', need.skills.join('、') || '—'],
  ['物资数量', need.quantity ? `${need.quantity.amount} ${need.quantity.unit}` : '—'],
  ['当前状态', STATUS_NAMES[need.status]],
])}
<h2>承接方</h2>
<table><tr><th>类型</th><th>名称</th><th>指派日期</th><th>状态</th></tr>
${assignments.map((a) => `<tr><td>${esc({ volunteer: '志愿者', organisation: '社会组织', resource: '慈善资源' }[a.candidate.kind])}</td><td>${esc(a.candidate.name)}</td><td>${esc(dayOf(new Date(a.createdAt)))}</td><td>${esc(a.status)}</td></tr>`).join('') || '<tr><td colspan="4">尚未指派</td></tr>'}
</table>
<h2>服务记录</h2>
<table><tr><th style="width:30mm">服务日期</th><td></td></tr><tr><th>服务内容</th><td style="height:30mm"></td></tr><tr><th>服务对象意见</th><td style="height:15mm"></td></tr></table>
<div class="sign"><span>派单社工</span><span>承接人</span><span>服务对象（签字/手印）</span></div>`;
  return printPage(`派单单 ${need.title}`, body);
}
