/**
 * Registers of the social workers' service records: 个案台账, 小组活动台账 and 社区活动台账. Names of
 * people served are personal data: in full only for the station's staff (maySeeSensitive), audited
 * per record, masked otherwise, as on screen.
 */
import { maySeeSensitive, narrowScope, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { ACTIVITY_NAMES } from '../activities/schema.js';
import { CASE_LIFECYCLE } from '../cases/lifecycle.js';
import { presentCasesFor } from '../cases/presenter.js';
import { GROUP_NAMES } from '../groups/schema.js';
import { forbidden } from '../http/errors.js';
import { maskName } from '../households/presenter.js';
import { dayOf } from '../shared/china-time.js';
import { parsePeriod } from '../station-stats/period.js';
import type { ExportCell } from './cells.js';
import type { Period } from './periods.js';
import type { Register } from './registers.js';
import { activitiesIn, casesOpenedBefore, groupsOf } from './repository.js';

const SOURCE: Record<string, string> = { need: '需求', visit: '探访', referral: '转介', direct: '直接接案' };
const ORGANISER: Record<string, string> = { station: '社工站', organisation: '社会组织', volunteer_team: '志愿服务队' };
const date = (d: Date | string | null | undefined) => (d ? dayOf(new Date(d)) : '');

function staffOnly(actor: Actor): void {
  if (actor.role !== 'coordinator' && actor.role !== 'admin') throw forbidden('只有社工站和县级管理员可以导出该台账');
}

/** Whether the reader sees names in full for the scope's stations (the audit row of the file says so). */
const seesFull = (actor: Actor, stationCode?: string) =>
  actor.role === 'admin' || (actor.role === 'coordinator' && maySeeSensitive(actor, stationCode ?? actor.stationCode ?? ''));

/**
 * How this reader sees the names of people on one record of a station: in full for the station's staff
 * (the read is audited, once per record, when there are names to see), masked otherwise.
 */
async function namesSeenBy(
  actor: Actor,
  record: { _id: unknown; stationCode: string },
  read: { entity: 'group' | 'activity'; field: string; hasNames: boolean; requestId?: string },
): Promise<(name: string) => string> {
  if (!maySeeSensitive(actor, record.stationCode)) return maskName;
  if (read.hasNames)
    await audit(actor, {
      action: 'export',
      entity: read.entity,
      entityIds: [String(record._id)],
      fields: [read.field],
      stationCode: record.stationCode,
      requestId: read.requestId,
    });
  return (name) => name;
}

/** 个案台账: cases open at some time in the period, with the interventions dated in it. */
export function caseRegister(actor: Actor, period: Period, opts: { stationCode?: string; requestId?: string }): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, opts.stationCode);
  const bounds = parsePeriod(period.key);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of casesOpenedBefore(scope, bounds.to)) {
      const open = batch.filter((c) => !c.closedAt || new Date(c.closedAt) >= bounds.from);
      for (const c of await presentCasesFor(actor, open, opts.requestId)) {
        const within = c.interventions.filter((i) => i.date >= bounds.firstDay && i.date <= bounds.lastDay);
        yield [
          ++n,
          c.id,
          c.stationCode,
          c.communityCode,
          c.personName,
          SOURCE[c.source.kind] ?? c.source.kind,
          c.caseWorker.name,
          CASE_LIFECYCLE.names[c.status],
          date(c.openedAt),
          date(c.closedAt),
          c.assessment ? { low: '低', medium: '中', high: '高' }[c.assessment.riskLevel] : '',
          within.length,
          within.reduce((s, i) => s + i.minutes, 0),
          within.map((i) => `${i.date} ${i.method}：${i.content}`).join('；'),
          c.closure?.reason ?? '',
        ];
      }
    }
  }
  return {
    filename: `个案台账_${period.key}.xlsx`,
    fullFields: seesFull(actor, opts.stationCode) ? ['personName', 'interventions.content'] : [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '个案台账',
      titleLines: [`个案服务台账 ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '个案编号', width: 26 },
        { header: '社工站编码', width: 12 },
        { header: '村(社区)编码', width: 14 },
        { header: '服务对象', width: 10 },
        { header: '来源' },
        { header: '个案社工', width: 10 },
        { header: '状态', width: 14 },
        { header: '开案日期', width: 12 },
        { header: '结案日期', width: 12 },
        { header: '风险等级' },
        { header: '本期服务次数' },
        { header: '本期服务时长（分钟）' },
        { header: '本期服务记录', width: 50 },
        { header: '结案原因', width: 20 },
      ],
      rows: rows(),
    },
  };
}

/** 小组活动台账: one row per group session dated in the period, with the attendance. */
export function groupRegister(actor: Actor, period: Period, opts: { stationCode?: string; requestId?: string }): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, opts.stationCode);
  const bounds = parsePeriod(period.key);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of groupsOf(scope)) {
      for (const g of batch) {
        const sessions = g.sessions.filter((s) => s.date >= bounds.firstDay && s.date <= bounds.lastDay);
        if (!sessions.length) continue;
        const name = await namesSeenBy(actor, g, {
          entity: 'group',
          field: 'members.name',
          hasNames: sessions.some((s) => s.attendance.length > 0),
          requestId: opts.requestId,
        });
        for (const s of sessions) {
          yield [
            ++n,
            g.name,
            g.stationCode,
            g.leader.name,
            g.targetMembers,
            `第${s.no}节`,
            s.date,
            s.content,
            s.attendance.length,
            s.attendance.map(name).join('、'),
            GROUP_NAMES[g.status],
          ];
        }
      }
    }
  }
  return {
    filename: `小组活动台账_${period.key}.xlsx`,
    fullFields: seesFull(actor, opts.stationCode) ? ['members.name'] : [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '小组活动台账',
      titleLines: [`小组工作台账 ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '小组名称', width: 20 },
        { header: '社工站编码', width: 12 },
        { header: '带领社工', width: 10 },
        { header: '服务对象', width: 16 },
        { header: '节次' },
        { header: '日期', width: 12 },
        { header: '内容', width: 30 },
        { header: '出勤人数' },
        { header: '出勤名单', width: 40 },
        { header: '小组状态' },
      ],
      rows: rows(),
    },
  };
}

/** 社区活动台账: activities dated in the period, with sign-ins, volunteers and linked resources. */
export function activityRegister(actor: Actor, period: Period, opts: { stationCode?: string; requestId?: string }): Register {
  staffOnly(actor);
  const scope = narrowScope(actor, opts.stationCode);
  async function* rows(): AsyncGenerator<ExportCell[]> {
    let n = 0;
    for await (const batch of activitiesIn(scope, period.months)) {
      for (const a of batch) {
        const name = await namesSeenBy(actor, a, {
          entity: 'activity',
          field: 'signIns',
          hasNames: a.signIns.length > 0,
          requestId: opts.requestId,
        });
        yield [
          ++n,
          a.date,
          a.stationCode,
          a.title,
          a.kind,
          a.place,
          a.organisers.map((o) => `${ORGANISER[o.kind] ?? o.kind}:${o.name}`).join('；'),
          a.participants,
          a.signIns.map(name).join('、'),
          a.volunteers.map((v) => `${v.name} ${v.hours}小时${v.confirmedAt ? '' : '（待确认）'}`).join('；'),
          a.resources.map((r) => r.title).join('；'),
          a.note,
          ACTIVITY_NAMES[a.status],
        ];
      }
    }
  }
  return {
    filename: `社区活动台账_${period.key}.xlsx`,
    fullFields: seesFull(actor, opts.stationCode) ? ['signIns'] : [],
    stationCode: scope.kind === 'station' ? scope.stationCode : undefined,
    sheet: {
      name: '社区活动台账',
      titleLines: [`社区活动台账 ${period.label}`],
      columns: [
        { header: '序号', width: 6 },
        { header: '活动日期', width: 12 },
        { header: '社工站编码', width: 12 },
        { header: '活动名称', width: 24 },
        { header: '类型' },
        { header: '地点', width: 16 },
        { header: '主办方', width: 24 },
        { header: '参与人次' },
        { header: '签到名单', width: 40 },
        { header: '志愿者（时长）', width: 30 },
        { header: '链接资源', width: 20 },
        { header: '备注', width: 24 },
        { header: '状态' },
      ],
      rows: rows(),
    },
  };
}
