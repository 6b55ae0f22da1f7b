import type { EventType } from './types';

// Code → Chinese label maps shared with the server; only the activity feed's event lines are the console's own.
export {
  ASSIGNMENT_STATUS_LABELS,
  CANDIDATE_KIND_LABELS,
  CATEGORY_LABELS,
  CLOSE_REASON_LABELS,
  NEED_SOURCE_LABELS,
  NEED_STATUS_LABELS,
  RESOURCE_KIND_LABELS,
  RESOURCE_STATUS_LABELS,
  ROLE_LABELS,
  URGENCY_LABELS,
  URGENCY_RANK,
} from '../../src/contracts/labels';

/** One line of a live event for the activity feed. */
export const EVENT_TEXT: Readonly<Record<EventType, string>> = {
  'need.created': '新登记需求',
  'need.updated': '需求有更新',
  'match.proposed': '系统推荐了新的人选',
  'assignment.created': '已指派',
  'assignment.accepted': '志愿者已接受任务',
  'assignment.declined': '任务被婉拒',
  'assignment.started': '服务已开始',
  'assignment.completed': '服务已完成',
  'assignment.cancelled': '任务已取消',
  'assignment.escalated': '任务超时未回复，已升级提醒',
  'resource.posted': '新的慈善资源',
  'resource.updated': '慈善资源有更新',
  'resource.depleted': '慈善资源已分完',
  'resource.allocated': '慈善资源已分配',
  'volunteer.registered': '新志愿者注册待审核',
  'volunteer.approved': '志愿者审核通过',
  'volunteer.hours_confirmed': '服务时长已确认',
  'volunteer.updated': '志愿者资料有更新',
  'organisation.registered': '新社会组织注册待审核',
  'organisation.updated': '社会组织资料有更新',
  'reminder.due': '提醒到期',
  'visit.tasks_created': '本月重点对象探访任务已生成',
  'visit.recorded': '登记了一次探访',
  'case.opened': '新个案接案',
  'case.updated': '个案有更新',
  'case.closed': '个案已结案',
  'group.session_recorded': '小组活动已记录',
  'activity.recorded': '社区活动已登记',
  'referral.sent': '已发起转介',
  'referral.updated': '转介有回复',
  'referral.overdue': '转介逾期未回复，请跟进',
  'satisfaction.recorded': '已登记满意度回访',
  'import.progress': '问卷导入进度更新',
};

/** The label of a code; the code itself when the map does not know it (e.g. a station's own category). */
export const label = (map: Readonly<Record<string, string>>, code: string | null | undefined, fallback = '未分类') =>
  (code && map[code]) || code || fallback;

export const pairs = (map: Readonly<Record<string, string>>): [string, string][] => Object.entries(map);
