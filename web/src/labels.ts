/** Chinese labels for the API's codes. */
export const CATEGORIES: Record<string, string> = {
  meal: '助餐/送餐',
  daily_care: '生活照料',
  medical_escort: '助医/陪诊',
  health_check: '健康监测',
  bathing: '助浴',
  home_repair: '维修/适老化',
  emotional: '心理疏导/精神慰藉',
  visiting: '探访关爱',
  tutoring: '学业辅导',
  child_care: '儿童关爱',
  legal_aid: '法律援助',
  assistance_application: '政策咨询/救助申请代办',
  employment: '就业帮扶',
  material_aid: '物资援助',
  financial_aid: '资金救助',
  rehabilitation: '康复训练',
  digital_help: '数字助老',
  transport: '出行协助',
};

export const URGENCY: Record<string, string> = { critical: '紧急', high: '较急', normal: '一般', low: '不急' };
export const URGENCY_RANK: Record<string, number> = { critical: 3, high: 2, normal: 1, low: 0 };

export const NEED_STATUS: Record<string, string> = {
  open: '待匹配',
  matching: '匹配中',
  assigned: '已指派',
  in_progress: '服务中',
  fulfilled: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
};

export const ASSIGNMENT_STATUS: Record<string, string> = {
  pending: '待回复',
  accepted: '已接受',
  in_progress: '服务中',
  completed: '已完成',
  declined: '已婉拒',
  cancelled: '已取消',
  expired: '已超时',
};

export const CANDIDATE_KIND: Record<string, string> = { volunteer: '志愿者', organisation: '社会组织', resource: '慈善资源' };

export const RESOURCE_KIND: Record<string, string> = { goods: '物资', money: '资金', service: '服务', venue: '场地' };
export const RESOURCE_STATUS: Record<string, string> = { available: '可分配', depleted: '已分完', withdrawn: '已撤回' };

export const SOURCE: Record<string, string> = { survey: '入户调查', hotline: '热线', walk_in: '来访', referral: '转介' };

export const ROLE: Record<string, string> = {
  admin: '县级管理员',
  coordinator: '驻站社工',
  volunteer: '志愿者',
  organisation: '社会组织',
  charity: '慈善组织',
};

/** One line of a live event for the activity feed. */
export const EVENT_TEXT: Record<string, string> = {
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
  'reminder.due': '提醒到期',
  'visit.tasks_created': '本月重点对象探访任务已生成',
  'import.progress': '问卷导入进度更新',
};

export const label = (map: Record<string, string>, code: string | null | undefined, fallback = '未分类') =>
  (code && map[code]) || code || fallback;

export const pairs = (map: Record<string, string>): [string, string][] => Object.entries(map);
