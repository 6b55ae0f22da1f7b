import { api } from './api';
import type { Station, User } from './types';

/**
 * Views of the people a station serves and of the station's outward work (households, referrals,
 * community activities, satisfaction), as the API answers them (src/households, src/referrals,
 * src/activities, src/satisfaction). Candidates for src/contracts.
 */
export interface HouseholdMember {
  name: string;
  relation: string;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  idNumber: string | null;
  phone: string | null;
  health: string | null;
  disability: { kind: string; grade?: string; certified?: boolean } | null;
  groups: string[];
}
export interface Household {
  id: string;
  stationCode: string;
  communityCode: string;
  headName: string;
  phone: string | null;
  address: string;
  members: HouseholdMember[];
  groups: string[];
  keyTarget: boolean;
  notes: string | null;
  masked: boolean;
}
export interface HouseholdProfile {
  household: Household;
  communityName: string | null;
  needs: {
    id: string;
    title: string;
    categoryName: string | null;
    urgency: string;
    status: string;
    statusName: string;
    outcome: string;
    createdAt: string;
    assignments: {
      id: string;
      candidate: { kind: string; name: string };
      status: string;
      statusName: string;
      hours: number | null;
      createdAt: string;
    }[];
  }[];
  visits: { id: string; visitedAt: string; mode: string; visitorName: string; note: string; findings: Record<string, string> }[];
  referrals: {
    id: string;
    targetName: string;
    request: string;
    status: ReferralStatus;
    statusName: string;
    sentAt: string;
    answerDueAt: string;
    answer: string;
    answeredAt: string | null;
  }[];
  cases: { id: string; personName: string; status: string; openedAt: string; closedAt: string | null }[];
}

export type ReferralStatus = 'sent' | 'accepted' | 'resolved' | 'refused' | 'no_answer';
export type ReferralTargetKind = 'civil_affairs' | 'disability' | 'medical_insurance' | 'health_center' | 'justice' | 'organisation';
export interface Referral {
  id: string;
  stationCode: string;
  householdId: string;
  caseId: string | null;
  target: { kind: ReferralTargetKind; name: string };
  request: string;
  sentAt: string;
  answerDueAt: string;
  status: ReferralStatus;
  answer: string;
  answeredAt: string | null;
  masked: boolean;
}
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: '已转介待回复',
  accepted: '已受理',
  resolved: '已解决',
  refused: '未受理',
  no_answer: '逾期未回复',
};
export const REFERRAL_TARGET_LABELS: Record<ReferralTargetKind, string> = {
  civil_affairs: '民政办',
  disability: '残联',
  medical_insurance: '医保',
  health_center: '乡镇卫生院',
  justice: '司法所',
  organisation: '社会组织',
};
export const REFERRAL_ANSWER_LABELS = { accepted: '已受理', resolved: '已解决', refused: '未受理' } as const;

export type ActivityStatus = 'planned' | 'held' | 'cancelled';
export interface Activity {
  id: string;
  stationCode: string;
  title: string;
  date: string;
  place: string;
  kind: string;
  organisers: { kind: string; name: string; id: string | null }[];
  participants: number;
  signIns: string[];
  volunteers: { volunteerId: string; name: string; hours: number; confirmed: boolean }[];
  resources: { id: string | null; title: string }[];
  note: string;
  status: ActivityStatus;
  masked: boolean;
}
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = { planned: '筹备中', held: '已举办', cancelled: '已取消' };
export const ACTIVITY_KINDS = ['节日慰问', '健康义诊', '文体活动', '政策宣传', '志愿服务', '邻里互助', '其他'] as const;

export type SatisfactionLevel = 'satisfied' | 'basic' | 'dissatisfied';
export interface Satisfaction {
  id: string;
  stationCode: string;
  subject: { kind: 'assignment' | 'case' | 'group'; id: string };
  personName: string;
  level: SatisfactionLevel;
  note: string;
  method: 'phone' | 'in_person';
  at: string;
}
export const SATISFACTION_SUBJECT_LABELS = { assignment: '完成的服务', case: '结案的个案', group: '小组' } as const;
export const SATISFACTION_METHOD_LABELS = { phone: '电话回访', in_person: '当面回访' } as const;

export interface VolunteerLine {
  id: string;
  name: string;
  stationCode?: string;
}

/** Village names (code → short name) of the stations a user sees. */
export async function villageNames(user: User): Promise<Map<string, string>> {
  const stations = user.stationCode
    ? [await api<Station>(`/api/stations/${user.stationCode}`)]
    : await api<Station[]>('/api/stations', { query: { openOnly: 'true' } });
  const names = new Map<string, string>();
  for (const s of stations) for (const c of s.communities) names.set(c.code, c.name.replace(/(村民委员会|居民委员会|村委会|居委会)$/u, ''));
  return names;
}

/** Today as YYYY-MM-DD (local). */
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
