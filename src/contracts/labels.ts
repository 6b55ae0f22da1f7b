import type {
  AssignmentStatus,
  CandidateKind,
  CloseReason,
  NeedSource,
  NeedStatus,
  ResourceKind,
  ResourceShownStatus,
  Role,
  Urgency,
} from './views.js';

/**
 * Chinese labels for the API's codes, one copy for the server's messages and the console's text.
 * Category names come from seeds/taxonomy.json (the server reads them through the matching engine);
 * test/contracts/labels.unit.test.ts fails when this copy and the taxonomy or the server's lifecycle labels drift apart.
 */

export const NEED_STATUS_LABELS: Readonly<Record<NeedStatus, string>> = {
  open: '待匹配',
  matching: '匹配中',
  assigned: '已指派',
  in_progress: '服务中',
  fulfilled: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
};

export const ASSIGNMENT_STATUS_LABELS: Readonly<Record<AssignmentStatus, string>> = {
  pending: '待回复',
  accepted: '已接受',
  in_progress: '服务中',
  completed: '已完成',
  declined: '已婉拒',
  cancelled: '已取消',
  expired: '超时未回复',
};

/**
 * THE urgency words: the console shows them, the default survey template offers them, and the
 * import reads them (src/imports/cells.ts takes these first, then its synonyms). One mapping, so
 * "紧急" in a file is what "紧急" means on the board.
 */
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = { critical: '非常紧急', high: '紧急', normal: '一般', low: '不紧急' };

/** Sort rank of urgency: higher is more urgent. */
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { critical: 3, high: 2, normal: 1, low: 0 };

/** The need taxonomy's names by code (seeds/taxonomy.json). */
export const CATEGORY_LABELS: Readonly<Record<string, string>> = {
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

export const CANDIDATE_KIND_LABELS: Readonly<Record<CandidateKind, string>> = {
  volunteer: '志愿者',
  organisation: '社会组织',
  resource: '慈善资源',
};

export const RESOURCE_KIND_LABELS: Readonly<Record<ResourceKind, string>> = {
  goods: '物资',
  money: '资金',
  service: '服务',
  venue: '场地',
};

export const RESOURCE_STATUS_LABELS: Readonly<Record<ResourceShownStatus, string>> = {
  available: '可分配',
  depleted: '已分完',
  withdrawn: '已撤回',
  expired: '已过期',
};

export const NEED_SOURCE_LABELS: Readonly<Record<NeedSource, string>> = {
  survey: '入户调查',
  hotline: '热线',
  walk_in: '来访',
  referral: '转介',
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '县级管理员',
  coordinator: '驻站社工',
  volunteer: '志愿者',
  organisation: '社会组织',
  charity: '慈善组织',
};

/** Why a need was closed without being served here. */
export const CLOSE_REASON_LABELS: Readonly<Record<CloseReason, string>> = {
  met_elsewhere: '已在别处解决',
  withdrawn: '撤回',
  duplicate: '重复',
  unreachable: '无法联系',
};
