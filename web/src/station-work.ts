/**
 * Views and Chinese labels of the station's own work (visits, cases, groups, statistics), as the API
 * answers them (src/visits, src/cases, src/groups, src/station-stats). Candidates for src/contracts.
 */
export interface VisitPerson {
  kind: 'staff' | 'volunteer';
  id: string;
  name: string;
}
export interface VisitTask {
  id: string;
  stationCode: string;
  householdId: string;
  communityCode: string;
  headName: string;
  month: string;
  people: number;
  status: 'due' | 'done' | 'missed';
  assignee: VisitPerson | null;
  doneAt: string | null;
  recordId: string | null;
}
export interface VisitProgress {
  households: number;
  householdsVisited: number;
  householdRate: number | null;
  people: number;
  peopleVisited: number;
  personRate: number | null;
}
export type FindingArea = 'health' | 'living' | 'safety' | 'mood';
export type FindingLevel = 'good' | 'concern' | 'serious';
export interface VisitRecord {
  id: string;
  householdId: string;
  visitedAt: string;
  mode: 'home' | 'phone' | 'video' | 'other';
  visitor: VisitPerson;
  byVolunteer: boolean;
  findings: Record<FindingArea, FindingLevel>;
  note: string;
  followUps: { area: FindingArea; needId: string; at: string }[];
}
export interface CaseView {
  id: string;
  stationCode: string;
  householdId: string;
  personName: string;
  source: { kind: string; id: string | null };
  caseWorker: { id: string; name: string };
  status: 'intake' | 'assessed' | 'planned' | 'in_service' | 'reviewing' | 'closed';
  summary: string;
  assessment: { problems: string; strengths: string; riskLevel: string; at: string } | null;
  plan: { goals: { text: string; achieved: boolean | null; note: string }[] } | null;
  interventions: { date: string; method: string; content: string; minutes: number; by: { name: string } }[];
  closure: { reason: string; outcome: string; at: string } | null;
  openedAt: string;
  closedAt: string | null;
}
export interface GroupView {
  id: string;
  name: string;
  aim: string;
  targetMembers: string;
  members: { name: string; householdId: string | null }[];
  plannedSessions: number;
  sessions: { no: number; date: string; content: string; attendance: string[] }[];
  sessionCount: number;
  attendanceCount: number;
  evaluation: string | null;
  status: 'planned' | 'running' | 'closed';
}
export type StationStats = Record<string, number | null> & {
  stationCode: string;
  stationName: string;
  referralOutcomes: Record<'sent' | 'accepted' | 'resolved' | 'refused' | 'no_answer', number>;
};

export const VISIT_STATUS_LABELS: Record<VisitTask['status'], string> = { due: '待探访', done: '已探访', missed: '未探访（已过月）' };
export const VISIT_MODE_LABELS: Record<VisitRecord['mode'], string> = { home: '入户', phone: '电话', video: '视频', other: '其他' };
export const FINDING_AREA_LABELS: Record<FindingArea, string> = { health: '健康', living: '生活状况', safety: '安全', mood: '情绪' };
export const FINDING_LEVEL_LABELS: Record<FindingLevel, string> = { good: '正常', concern: '需关注', serious: '严重' };
export const CASE_STATUS_LABELS: Record<CaseView['status'], string> = {
  intake: '接案',
  assessed: '已评估',
  planned: '已制定服务计划',
  in_service: '服务中',
  reviewing: '目标回顾',
  closed: '已结案',
};
export const GROUP_STATUS_LABELS: Record<GroupView['status'], string> = { planned: '筹备中', running: '进行中', closed: '已结束' };
export const SATISFACTION_LABELS = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' } as const;
export const CASE_CLOSE_REASONS = ['目标达成', '服务对象拒绝', '转介', '迁出或失联', '去世', '其他'] as const;
export const INTERVENTION_METHODS = ['面谈', '入户', '电话', '陪同', '资源链接', '其他'] as const;
export const RISK_LABELS = { low: '低', medium: '中', high: '高' } as const;
