import { maySeeSensitive, narrowScope, scopeIncludes, scopeOf, type Actor } from '../auth/actor.js';
import { forbidden } from '../http/errors.js';
import { maskName, presentHousehold, presentHouseholdsFor } from '../households/presenter.js';
import { presentVisitRecordsFor } from '../visits/presenter.js';
import { STATUS_NAMES } from '../needs/lifecycle.js';
import { presentNeed } from '../needs/presenter.js';
import { categoryName } from '../needs/taxonomy.js';
import { oneWithRemaining } from '../resources/allocations.js';
import { presentAllocations } from '../resources/presenter.js';
import { dayOf } from '../shared/china-time.js';
import { presentVolunteerList } from '../volunteers/presenter.js';
import type { ExportCell } from './cells.js';
import type { Period } from './periods.js';
import {
  assignmentsOfNeeds,
  hoursEntriesIn,
  householdsByIds,
  keyTargetHouseholds,
  needsCreatedIn,
  resourcesFor,
  visitRecordsIn,
  volunteersByIds,
} from './repository.js';
import type { ExportSheet } from './workbook.js';

/** A register ready to stream, with what its audit row must say. */
export interface Register {
  filename: string;
  sheet: ExportSheet;
  /** Sensitive fields the file carries in full for this reader (audited). */
  fullFields: string[];
  stationCode?: string;
}

const URGENCY: Record<string, string> = { low: '一般', normal: '普通', high: '紧急', critical: '特急' };
const SOURCE: Record<string, string> = { survey: '入户调查', hotline: '电话', walk_in: '来访', referral: '转介' };
const ASSIGNEE: Record<string, string> = { volunteer: '志愿者', organisation: '社会组织', resource: '慈善资源' };
const date = (d: Date | string | null | undefined) => (d ? dayOf(new Date(d)) : '');

function staffOnly(actor: Actor): void {
  if (actor.role !== 'coordinator' && actor.role !== 'admin') throw forbidden('只有社工站和县级管理员可以导出该台账');
}

/** 需求清单 with outcomes: who took each need and how it ended (needs carry no household-sensitive fields). */
export function needsRegister(actor: Actor, period: Period, stationCode?: string): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, stationCode);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of needsCreatedIn(scope, period.months)) {
      const assignments = await assignmentsOfNeeds(batch.map((b) => String(b._id)));
      for (const doc of batch) {
        const need = presentNeed(doc);
        const mine = assignments.filter((a) => a.needId === need.id);
        const done = need.history.find((h) => h.to === 'fulfilled' || h.to === 'closed');
        yield [
          ++n,
          need.id,
          date(need.createdAt),
          need.stationCode,
          need.communityCode,
          categoryName(need.category) ?? '未分类',
          need.title,
          need.groups.join('、'),
          URGENCY[need.urgency] ?? need.urgency,
          SOURCE[need.source] ?? need.source,
          STATUS_NAMES[need.status],
          mine.map((a) => `${ASSIGNEE[a.candidate.kind] ?? a.candidate.kind}:${a.candidate.name}`).join('；'),
          mine[0] ? date(mine[0].createdAt) : '',
          done ? date(done.at) : '',
          mine.reduce((s, a) => s + (a.hours ?? 0), 0) || '',
          mine
            .map((a) => a.feedback ?? '')
            .filter(Boolean)
            .join('；'),
        ];
      }
    }
  }
  return {
    filename: `需求清单_${period.key}.xlsx`,
    fullFields: [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '需求清单',
      titleLines: [`需求清单（含办理结果） ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '需求编号', width: 26 },
        { header: '登记日期', width: 12 },
        { header: '社工站编码' },
        { header: '村(社区)编码', width: 14 },
        { header: '类别', width: 14 },
        { header: '需求', width: 30 },
        { header: '服务对象类别', width: 20 },
        { header: '紧急程度' },
        { header: '来源' },
        { header: '状态' },
        { header: '承接方', width: 30 },
        { header: '首次指派日期', width: 12 },
        { header: '完成日期', width: 12 },
        { header: '服务时长（小时）' },
        { header: '服务反馈', width: 30 },
      ],
      rows: rows(),
    },
  };
}

/**
 * 志愿服务时长明细: staff see their scope's entries with volunteers' phones masked, as in the volunteer
 * list; a volunteer exports their own entries only.
 */
export function hoursRegister(actor: Actor, period: Period, stationCode?: string): Register {
  const own = actor.role === 'volunteer';
  if (!own) staffOnly(actor);
  const scope = own ? null : narrowScope(actor, stationCode);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of hoursEntriesIn(scope, period.months, own ? (actor.subjectId ?? '-') : undefined)) {
      const people = await presentVolunteerList(await volunteersByIds([...new Set(batch.map((b) => b.volunteerId))]));
      const byId = new Map(people.map((p) => [p.id, p]));
      for (const e of batch) {
        const v = byId.get(e.volunteerId);
        yield [++n, e.date, v?.name ?? '', v?.phone ?? '', e.stationCode, e.hours, e.assignmentId, e.note ?? ''];
      }
    }
  }
  return {
    filename: `志愿服务时长明细_${period.key}.xlsx`,
    fullFields: [],
    stationCode: scope?.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '志愿服务时长明细',
      titleLines: [`志愿服务时长明细 ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '服务日期', width: 12 },
        { header: '志愿者', width: 12 },
        { header: '手机号', width: 14 },
        { header: '服务社工站', width: 12 },
        { header: '时长（小时）', width: 12 },
        { header: '任务编号', width: 26 },
        { header: '备注', width: 30 },
      ],
      rows: rows(),
    },
  };
}

/**
 * 慈善资源去向: where each resource went, through the resources area's presenter, so a charity never
 * sees a need or beneficiary and staff see need ids only within their scope.
 */
export function resourceDestinationsRegister(actor: Actor, period: Period): Register {
  if (actor.role !== 'charity') staffOnly(actor);
  const months = new Set(period.months);
  const scope = actor.role === 'charity' ? null : scopeOf(actor);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    const owner = actor.role === 'charity' ? { charityId: actor.subjectId ?? '-' } : { countyCode: actor.countyCode };
    for (const r of await resourcesFor(owner)) {
      const withRemaining = await oneWithRemaining(r);
      for (const a of await presentAllocations(actor, withRemaining)) {
        if (!months.has(a.at.slice(0, 7))) continue;
        if (scope && !scopeIncludes(scope, a.stationCode)) continue;
        yield [++n, date(a.at), r.title, r.donor, a.amount, a.unit, a.needCategoryName, a.stationName, a.needId ?? ''];
      }
    }
  }
  const columns = [
    { header: '序号', width: 6 },
    { header: '分配日期', width: 12 },
    { header: '资源', width: 24 },
    { header: '捐赠方', width: 20 },
    { header: '数量' },
    { header: '单位' },
    { header: '用于需求类别', width: 16 },
    { header: '接收社工站', width: 20 },
    { header: '需求编号', width: 26 },
  ];
  return {
    filename: `慈善资源去向_${period.key}.xlsx`,
    fullFields: [],
    sheet: { name: '慈善资源去向', titleLines: [`慈善资源去向 ${period.label}`], columns, rows: rows() },
  };
}

/**
 * 重点对象花名册: key-target households through the households presenter (full for the station's
 * coordinators and the county admin, who are audited per household; masked when `masked` is asked
 * for, e.g. a roster handed to a village).
 */
export function keyTargetRegister(actor: Actor, opts: { stationCode?: string; masked: boolean; requestId?: string }): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, opts.stationCode);
  const full = !opts.masked;
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of keyTargetHouseholds(scope)) {
      const views = full ? await presentHouseholdsFor(actor, batch, opts.requestId) : batch.map((h) => presentHousehold(h, false));
      for (const h of views) {
        yield [
          ++n,
          h.stationCode,
          h.communityCode,
          h.headName,
          h.phone ?? '',
          h.address,
          h.groups.join('、'),
          h.members.length,
          h.members.map((m) => [m.name, m.relation, m.idNumber ?? ''].filter(Boolean).join(' ')).join('；'),
        ];
      }
    }
  }
  const seesFull = full && (scope.kind === 'county' ? actor.role === 'admin' : maySeeSensitive(actor, scope.stationCode));
  return {
    filename: `重点对象花名册${opts.masked ? '_脱敏' : ''}.xlsx`,
    fullFields: seesFull ? ['headName', 'phone', 'address', 'members.name', 'members.idNumber'] : [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '重点对象花名册',
      titleLines: ['重点对象花名册'],
      columns: [
        { header: '序号', width: 6 },
        { header: '社工站编码', width: 12 },
        { header: '村(社区)编码', width: 14 },
        { header: '户主', width: 10 },
        { header: '联系电话', width: 14 },
        { header: '住址', width: 30 },
        { header: '服务对象类别', width: 24 },
        { header: '家庭人数' },
        { header: '成员（姓名 关系 身份证号）', width: 50 },
      ],
      rows: rows(),
    },
  };
}

const MODE: Record<string, string> = { home: '入户', phone: '电话', video: '视频', other: '其他' };
const LEVEL: Record<string, string> = { good: '良好', concern: '需关注', serious: '严重' };
const AREA: Record<string, string> = { health: '健康', living: '生活', safety: '安全', mood: '情绪' };

/**
 * 月度探访台账: who was visited, when, how, by whom, what was found and what followed, through the
 * visits presenter (notes in full only for the station's staff, audited; head names likewise).
 */
export function visitRegister(actor: Actor, period: Period, opts: { stationCode?: string; requestId?: string }): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, opts.stationCode);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of visitRecordsIn(scope, period.months)) {
      const views = await presentVisitRecordsFor(actor, batch, opts.requestId);
      const homes = new Map(
        (
          await householdsByIds(
            scope,
            batch.map((b) => b.householdId),
          )
        ).map((h) => [String(h._id), h]),
      );
      for (const v of views) {
        const home = homes.get(v.householdId);
        const head = home ? (v.masked ? maskName(home.headName) : home.headName) : '';
        yield [
          ++n,
          date(v.visitedAt),
          v.communityCode,
          head,
          MODE[v.mode] ?? v.mode,
          `${v.visitor.name}${v.byVolunteer ? '（志愿者）' : ''}`,
          (Object.keys(AREA) as Array<keyof typeof v.findings>).map((a) => `${AREA[a]}:${LEVEL[v.findings[a]] ?? v.findings[a]}`).join(' '),
          v.note,
          v.followUps.map((f) => `${AREA[f.area] ?? f.area}→需求${f.needId}`).join('；'),
        ];
      }
    }
  }
  return {
    filename: `月度探访台账_${period.key}.xlsx`,
    fullFields: actor.role === 'admin' || actor.role === 'coordinator' ? ['headName', 'visit.note'] : [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '月度探访台账',
      titleLines: [`重点对象月度探访台账 ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '探访日期', width: 12 },
        { header: '村(社区)编码', width: 14 },
        { header: '户主', width: 10 },
        { header: '方式' },
        { header: '探访人', width: 14 },
        { header: '发现', width: 36 },
        { header: '情况记录', width: 40 },
        { header: '跟进', width: 30 },
      ],
      rows: rows(),
    },
  };
}
