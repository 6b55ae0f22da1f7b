/**
 * The station's own work in the demo county (issue 13): only the three stations of the report are open
 * in 临泽县; each has three months of key-target visits (done, missed and still due this month), open and
 * closed cases, groups with sessions and sign-ins, community activities, referrals in every state and
 * satisfaction answers — so every page has something true to show. Idempotent: a county that already has
 * cases is left alone. Everything is made up (names from the synthetic demo households).
 */
import { Types } from 'mongoose';
import { insertDemoActivities } from '../activities/repository.js';
import { insertDemoCases } from '../cases/repository.js';
import { insertDemoGroups } from '../groups/repository.js';
import type { HouseholdDoc } from '../households/model.js';
import { households } from '../households/repository.js';
import { insertDemoReferrals } from '../referrals/repository.js';
import { insertDemoSatisfactions } from '../satisfaction/repository.js';
import { cases } from '../cases/repository.js';
import { dayOf, monthOf } from '../shared/china-time.js';
import { rng } from '../shared/seeded-random.js';
import { stationRepository } from '../stations/repository.js';
import { keyTargetPeople } from '../visits/tasks.js';
import { insertDemoVisits } from '../visits/repository.js';
import { DEMO_STATIONS } from './community-data.js';

const DAY = 86_400_000;

export interface StationWorkDemoResult {
  created: boolean;
  visitTasks: number;
  visitRecords: number;
  cases: number;
  groups: number;
  activities: number;
  referrals: number;
}

const MODES = ['home', 'home', 'home', 'phone', 'phone', 'video', 'other'] as const;
const NOTES = [
  '老人身体尚可，按时服药',
  '家中整洁，取暖正常',
  '情绪稳定，想念外出务工的子女',
  '血压偏高，已提醒复诊',
  '独自在家，门锁有些松动',
];

/** A month `back` months before `now`'s month, and an instant on day `day` of it (China time, noon). */
function monthBack(now: Date, back: number, day: number): { month: string; at: Date } {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  const at = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, day, 4));
  return { month: monthOf(at), at };
}

export async function seedStationWorkDemo(opts: { countyCode?: string; now?: Date } = {}): Promise<StationWorkDemoResult> {
  const countyCode = opts.countyCode ?? '620723';
  const now = opts.now ?? new Date();
  // Only the three stations of the report are open; the other townships are divisions until opened.
  await stationRepository.setOpenInCounty(
    countyCode,
    DEMO_STATIONS.map((s) => s.code),
  );
  const empty = { created: false, visitTasks: 0, visitRecords: 0, cases: 0, groups: 0, activities: 0, referrals: 0 };
  if ((await cases.unscoped.count({ countyCode })) > 0) return empty;

  const r = rng(20261130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const tasks: Array<Record<string, unknown>> = [];
  const records: Array<Record<string, unknown>> = [];
  const caseDocs: Array<Record<string, unknown>> = [];
  const groupDocs: Array<Record<string, unknown>> = [];
  const activityDocs: Array<Record<string, unknown>> = [];
  const referralDocs: Array<Record<string, unknown>> = [];
  const answers: Array<Record<string, unknown>> = [];
  const today = Number(dayOf(now).slice(8, 10));

  for (const s of DEMO_STATIONS) {
    const keyTargets = await households.unscoped.find({ stationCode: s.code, keyTarget: true, archivedAt: null }, { sort: { _id: 1 } });
    const others = await households.unscoped.find(
      { stationCode: s.code, keyTarget: false, archivedAt: null },
      { sort: { _id: 1 }, limit: 50 },
    );
    if (keyTargets.length === 0) continue;
    const by = keyTargets[0]!.createdBy;
    const staff = { kind: 'staff', id: by, name: s.coordinator.displayName.replace(/^.*社工站 /u, '') };
    const base = (h: HouseholdDoc) => ({ countyCode, stationCode: s.code, householdId: String(h._id), communityCode: h.communityCode });

    // Visits: two past months (almost all done, a few missed) and this month (done so far, the rest due).
    for (const back of [2, 1, 0]) {
      const { month } = monthBack(now, back, 1);
      const doneShare = back === 0 ? Math.min(0.95, today / 28) : 0.96;
      for (const h of keyTargets) {
        const taskId = new Types.ObjectId();
        const done = r() < doneShare;
        const day = back === 0 ? 1 + Math.floor(r() * Math.max(1, today - 1)) : 1 + Math.floor(r() * 27);
        const { at } = monthBack(now, back, day);
        const recordId = new Types.ObjectId();
        tasks.push({
          _id: taskId,
          ...base(h),
          month,
          people: keyTargetPeople(h),
          status: done ? 'done' : back === 0 ? 'due' : 'missed',
          assignee: staff,
          doneAt: done ? at : null,
          recordId: done ? String(recordId) : null,
          createdAt: monthBack(now, back, 1).at,
        });
        if (!done) continue;
        const concern = r() < 0.15;
        records.push({
          _id: recordId,
          ...base(h),
          taskId: String(taskId),
          month,
          visitedAt: at,
          mode: pick(MODES),
          visitor: staff,
          byVolunteer: false,
          findings: {
            health: concern ? 'concern' : 'good',
            living: 'good',
            safety: r() < 0.05 ? 'concern' : 'good',
            mood: r() < 0.1 ? 'concern' : 'good',
          },
          note: pick(NOTES),
          location: h.location ?? null,
          photos: [],
          followUps: [],
          recordedBy: by,
          createdAt: at,
          updatedAt: at,
        });
      }
    }

    // Cases: two closed, one under review, two in service, one just taken in.
    const caseStates = ['closed', 'closed', 'reviewing', 'in_service', 'in_service', 'intake'] as const;
    caseStates.forEach((status, k) => {
      const h = keyTargets[(k * 7) % keyTargets.length]!;
      const openedAt = new Date(now.getTime() - (60 - k * 8) * DAY);
      const id = new Types.ObjectId();
      const served = status !== 'intake';
      const interventions = served
        ? [0, 1, 2].slice(0, 1 + (k % 3)).map((n) => ({
            date: dayOf(new Date(openedAt.getTime() + (10 + n * 9) * DAY)),
            method: pick(['面谈', '入户', '电话', '陪同', '资源链接'] as const),
            content: pick(['陪同到乡镇卫生院复诊', '协助申请临时救助', '联系志愿者每周送菜', '与子女电话沟通照护安排', '情绪疏导']),
            minutes: 30 + Math.floor(r() * 90),
            by: { id: by, name: staff.name },
            at: new Date(openedAt.getTime() + (10 + n * 9) * DAY),
          }))
        : [];
      const closedAt = status === 'closed' ? new Date(openedAt.getTime() + 40 * DAY) : null;
      caseDocs.push({
        _id: id,
        ...base(h),
        personName: h.members[0]?.name ?? h.headName,
        source: { kind: k % 2 ? 'visit' : 'need', id: null },
        caseWorker: { id: by, name: staff.name },
        status,
        summary: '入户探访中发现需要持续跟进',
        assessment: served
          ? {
              problems: '独居、慢病、行动不便',
              strengths: '邻里关系好，村委会支持',
              riskLevel: pick(['low', 'medium', 'high'] as const),
              at: openedAt,
              by,
            }
          : null,
        plan: served
          ? {
              goals: [
                { text: '按时服药复诊', achieved: status === 'closed' ? true : null, note: '' },
                { text: '建立邻里互助', achieved: null, note: '' },
              ],
              at: openedAt,
              by,
            }
          : null,
        interventions,
        reviews:
          status === 'reviewing' || status === 'closed' ? [{ at: new Date(openedAt.getTime() + 35 * DAY), by, note: '目标基本达成' }] : [],
        closure: closedAt ? { reason: '目标达成', outcome: '能按时复诊，邻居每天照看', at: closedAt, by } : null,
        history: [{ at: openedAt, by, from: null, to: 'intake' }],
        openedAt,
        closedAt,
        revision: 1,
        createdAt: openedAt,
        updatedAt: closedAt ?? openedAt,
      });
      if (closedAt) {
        answers.push({
          countyCode,
          stationCode: s.code,
          subject: { kind: 'case', id: String(id) },
          personName: h.members[0]?.name ?? h.headName,
          key: `case:${String(id)}:${h.members[0]?.name ?? h.headName}`,
          level: k === 0 ? 'satisfied' : 'basic',
          note: '',
          method: 'phone',
          recordedBy: by,
          at: closedAt,
        });
      }
    });

    // Two groups: one running, one closed with its evaluation.
    for (const [g, spec] of [
      [
        'running',
        { name: `${s.name}老年健康互助小组`, aim: '慢病自我管理与互助', target: '患慢病的独居、空巢老人', sessions: 3, planned: 6 },
      ],
      ['closed', { name: `${s.name}四点半课堂`, aim: '留守儿童课后陪伴与学业辅导', target: '留守儿童', sessions: 4, planned: 4 }],
    ] as const) {
      const members = keyTargets.slice(10, 18).map((h) => ({ name: h.members.at(-1)?.name ?? h.headName, householdId: String(h._id) }));
      const id = new Types.ObjectId();
      const sessions = Array.from({ length: spec.sessions }, (_, n) => {
        const at = new Date(now.getTime() - (spec.sessions - n) * 9 * DAY);
        return {
          no: n + 1,
          date: dayOf(at),
          content: pick(['认识慢病与合理用药', '手工与交流', '作业辅导与阅读', '安全教育', '经验分享']),
          attendance: members.filter(() => r() < 0.8).map((m) => m.name),
          recordedBy: by,
          at,
        };
      });
      groupDocs.push({
        _id: id,
        countyCode,
        stationCode: s.code,
        name: spec.name,
        aim: spec.aim,
        targetMembers: spec.target,
        leader: { id: by, name: staff.name },
        members,
        plannedSessions: spec.planned,
        sessions,
        evaluation: g === 'closed' ? { text: '出勤稳定，孩子们完成作业更及时', at: now, by } : null,
        status: g,
        history: [{ at: sessions[0]!.at, by, from: null, to: 'planned' }],
        revision: 1,
        createdAt: sessions[0]!.at,
      });
      if (g === 'closed') {
        for (const m of members.slice(0, 3)) {
          answers.push({
            countyCode,
            stationCode: s.code,
            subject: { kind: 'group', id: String(id) },
            personName: m.name,
            key: `group:${String(id)}:${m.name}`,
            level: pick(['satisfied', 'satisfied', 'basic', 'dissatisfied'] as const),
            note: '',
            method: 'in_person',
            recordedBy: by,
            at: now,
          });
        }
      }
    }

    // Community activities: two held, one planned.
    for (const [k, title, kind, status] of [
      [0, '重阳节敬老慰问', '节日慰问', 'held'],
      [1, '健康义诊进村', '健康义诊', 'held'],
      [2, '冬季防火安全宣传', '政策宣传', 'planned'],
    ] as const) {
      const date = dayOf(new Date(now.getTime() + (k === 2 ? 7 : -(k + 1) * 12) * DAY));
      activityDocs.push({
        countyCode,
        stationCode: s.code,
        title: `${s.name}${title}`,
        date,
        month: date.slice(0, 7),
        place: `${s.name}社工站活动室`,
        kind,
        organisers: [{ kind: 'station', name: `${s.name}社工站`, id: null }],
        participants: status === 'held' ? 30 + Math.floor(r() * 50) : 0,
        signIns: [],
        volunteers: [],
        resources: [],
        note: '',
        status,
        history: [{ at: now, by, from: null, to: status }],
        revision: 0,
        createdBy: by,
      });
    }

    // Referrals in every state.
    const targets = [
      ['disability', '残联', 'resolved', '办理残疾证'],
      ['civil_affairs', '民政办', 'accepted', '申请临时救助'],
      ['health_center', '乡镇卫生院', 'sent', '家庭医生签约随访'],
      ['medical_insurance', '医保', 'no_answer', '慢病门诊报销'],
      ['justice', '司法所', 'refused', '赡养纠纷调解'],
    ] as const;
    targets.forEach(([kind, name, status, request], k) => {
      const h = (k % 2 ? others : keyTargets)[k] ?? keyTargets[k]!;
      const sentAt = new Date(now.getTime() - (status === 'no_answer' ? 20 : 5 + k * 3) * DAY);
      const answered = status === 'resolved' || status === 'accepted' || status === 'refused';
      referralDocs.push({
        ...base(h),
        caseId: null,
        target: { kind, name },
        request,
        sentAt,
        answerDueAt: new Date(sentAt.getTime() + 14 * DAY),
        status,
        answer: answered ? (status === 'refused' ? '不属于本所受理范围，建议联系法律援助中心' : '已受理，正在办理') : '',
        answeredAt: answered ? new Date(sentAt.getTime() + 4 * DAY) : null,
        remindedAt: status === 'no_answer' ? new Date(sentAt.getTime() + 14 * DAY) : null,
        history: [{ at: sentAt, by, from: null, to: 'sent', note: '' }],
        revision: answered || status === 'no_answer' ? 1 : 0,
        createdBy: by,
      });
    });
  }

  await insertDemoVisits(tasks, records);
  await insertDemoCases(caseDocs);
  await insertDemoGroups(groupDocs);
  await insertDemoActivities(activityDocs);
  await insertDemoReferrals(referralDocs);
  await insertDemoSatisfactions(answers);
  return {
    created: true,
    visitTasks: tasks.length,
    visitRecords: records.length,
    cases: caseDocs.length,
    groups: groupDocs.length,
    activities: activityDocs.length,
    referrals: referralDocs.length,
  };
}
