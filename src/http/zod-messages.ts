import { z } from 'zod';

/**
 * Chinese names of the fields the API takes, by key. A schema may give its own name with
 * `.meta({ title: '标题' })` (or a short `.describe('标题')`); this list names the rest, so no
 * English key reaches a person in a message.
 */
export const FIELD_NAMES: Record<string, string> = {
  title: '标题',
  name: '名称',
  description: '说明',
  headName: '户主姓名',
  phone: '电话',
  address: '地址',
  communityCode: '村(社区)',
  stationCode: '社工站',
  countyCode: '县(区)',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
  username: '账号',
  displayName: '姓名',
  category: '类别',
  categories: '服务类别',
  urgency: '紧急程度',
  quantity: '数量',
  amount: '数量',
  unit: '单位',
  note: '备注',
  notes: '备注',
  content: '内容',
  date: '日期',
  place: '地点',
  kind: '类型',
  type: '类型',
  request: '转介事项',
  answer: '回复内容',
  level: '满意度',
  method: '方式',
  personName: '姓名',
  members: '成员',
  groups: '服务对象类别',
  relation: '与户主关系',
  idNumber: '身份证号',
  birthYear: '出生年份',
  gender: '性别',
  health: '健康状况',
  disability: '残疾情况',
  limit: '每页条数',
  cursor: '翻页位置',
  q: '查询内容',
  id: '编号',
  householdId: '服务对象户',
  needId: '需求',
  caseId: '个案',
  volunteerId: '志愿者',
  location: '位置',
  lat: '纬度',
  lng: '经度',
  expiresAt: '有效期',
  pickupAddress: '领取地点',
  skills: '技能',
  radiusKm: '服务半径',
  maxActive: '同时任务上限',
  schedule: '时间安排',
  windows: '时段',
  start: '开始时间',
  end: '结束时间',
  day: '星期',
  dueBy: '截止日期',
  reason: '原因',
  hours: '时长',
  minutes: '时长',
  participants: '参与人次',
  signIns: '签到',
  volunteers: '志愿者',
  organisers: '主办方',
  resources: '物资',
  to: '目标状态',
  status: '状态',
  target: '转介对象',
  sentAt: '转介时间',
  month: '月份',
  aim: '小组目标',
  plannedSessions: '计划节数',
  keyTarget: '重点对象',
  consent: '同意情况',
  given: '是否同意',
  capacityPerMonth: '每月服务能力',
  certifications: '证书',
  availability: '可服务时间',
  coverage: '服务范围',
  donor: '捐赠方',
  remaining: '剩余数量',
  eligibility: '受助条件',
  visitedAt: '探访时间',
  mode: '方式',
  findings: '探访发现',
  outcome: '结果',
  subject: '回访对象',
  file: '文件',
  mapping: '列对应关系',
  from: '开始日期',
  until: '结束日期',
  source: '来源',
  household: '服务对象户',
  village: '村(社区)',
  subjectId: '回访对象',
  subjectKind: '回访对象类型',
  contactName: '联系人',
  contactPhone: '联系电话',
  columnMapping: '列对应关系',
  templateId: '问卷模板',
  group: '服务对象类别',
  code: '编码',
  candidate: '候选对象',
  targetMembers: '服务对象',
  summary: '摘要',
  photos: '照片',
  period: '统计期间',
  feedback: '服务反馈',
  datesOff: '休息日期',
  communities: '村(社区)',
  autoAssignMinScore: '自动指派最低分',
  assignee: '负责人',
  approved: '审核结果',
  answers: '答案',
  visitor: '探访人',
  verifiedCertifications: '已核验证书',
  trigger: '触发方式',
  strengths: '优势',
  sort: '排序',
  skill: '技能',
  safety: '安全',
  saveToTemplate: '保存到模板',
  riskLevel: '风险等级',
  refreshToken: '登录凭证',
  questions: '问题',
  plan: '服务计划',
  options: '选项',
  needIds: '需求',
  mood: '情绪',
  living: '生活状况',
  leader: '带领人',
  label: '名称',
  headers: '表头',
  grade: '等级',
  goals: '服务目标',
  format: '格式',
  evaluation: '评估',
  encoding: '编码',
  declineReason: '婉拒原因',
  cancelReason: '取消原因',
  closure: '结案',
  certified: '是否持证',
  certification: '证书',
  center: '中心位置',
  attendance: '签到',
  area: '方面',
  availableFrom: '可用日期',
  assessment: '评估',
  interventions: '服务记录',
  filename: '文件名',
  role: '角色',
  achieved: '是否达成',
  text: '内容',
  channel: '渠道',
  reasonCode: '原因',
  assigneeId: '负责人',
  organisationId: '社会组织',
  resourceId: '慈善资源',
  charityId: '慈善组织',
  radius: '半径',
  weights: '权重',
};

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '一组字段',
  date: '日期',
  bigint: '整数',
};

/** The head of a schema's description when it is short enough to be a name ("密码：至少 8 位…" → 密码). */
function nameFromDescription(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const head = description.split(/[：:，,（(；;。]/u)[0]!.trim();
  return head && [...head].length <= 10 && !/[A-Za-z]/u.test(head) ? head : undefined;
}

/** The Chinese name a schema gives itself (`.meta({ title })` or a short description). */
export function schemaTitle(schema: unknown): string | undefined {
  if (!schema || typeof schema !== 'object' || !('_zod' in schema)) return undefined;
  const meta = z.globalRegistry.get(schema as z.ZodType) as { title?: unknown; description?: unknown } | undefined;
  if (typeof meta?.title === 'string' && meta.title) return meta.title;
  return nameFromDescription(typeof meta?.description === 'string' ? meta.description : undefined);
}

/** The Chinese name of the field at a path: the last named key ("members.0.name" → 名称), or 该项. */
export function fieldNameOf(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string' && FIELD_NAMES[key]) return FIELD_NAMES[key];
    if (typeof key === 'string') break;
  }
  return path.length ? '该项' : '提交的内容';
}

type IssueLike = { code?: string; path?: readonly PropertyKey[]; input?: unknown } & Record<string, unknown>;

const num = (v: unknown) =>
  typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

/** A Chinese message for one issue, naming the field (`label`). */
export function chineseMessage(issue: IssueLike, label: string): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null) return `请填写${label}`;
      const expected = TYPE_NAMES[String(issue.expected)];
      return expected ? `${label}应为${expected}` : `${label}的格式不正确`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const limit = issue.inclusive === false && Number.isFinite(max) ? max - 1 : issue.maximum;
      switch (issue.origin) {
        case 'string':
          return `${label}最多 ${num(limit)} 个字`;
        case 'array':
        case 'set':
          return `${label}最多 ${num(limit)} 项`;
        case 'date':
          return `${label}不能晚于 ${num(issue.maximum)}`;
        case 'file':
          return `${label}过大`;
        default:
          return issue.inclusive === false ? `${label}应小于 ${num(issue.maximum)}` : `${label}不能大于 ${num(issue.maximum)}`;
      }
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const limit = issue.inclusive === false && Number.isFinite(min) ? min + 1 : issue.minimum;
      switch (issue.origin) {
        case 'string':
          return Number(limit) <= 1 ? `${label}不能为空` : `${label}至少 ${num(limit)} 个字`;
        case 'array':
        case 'set':
          return Number(limit) <= 1 ? `${label}至少要有一项` : `${label}至少 ${num(limit)} 项`;
        case 'date':
          return `${label}不能早于 ${num(issue.minimum)}`;
        default:
          return issue.inclusive === false ? `${label}应大于 ${num(issue.minimum)}` : `${label}不能小于 ${num(issue.minimum)}`;
      }
    }
    case 'invalid_format':
      return `${label}的格式不正确`;
    case 'not_multiple_of':
      return `${label}应为 ${num(issue.divisor)} 的整数倍`;
    case 'invalid_value':
      return `${label}不在可选范围内`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.keys) ? issue.keys.length : 0;
      return `${label}中有 ${keys} 个不认识的字段`;
    }
    case 'invalid_union':
      return `${label}的格式不正确`;
    case 'invalid_key':
    case 'invalid_element':
      return `${label}中有不正确的内容`;
    default:
      return `${label}不正确`;
  }
}

/** The global error map: every issue without a message of its own gets a Chinese one naming its field. */
const customError: z.core.$ZodErrorMap = (issue) => {
  const label = schemaTitle(issue.inst) ?? fieldNameOf(issue.path ?? []);
  return chineseMessage(issue as unknown as IssueLike, label);
};

let installed = false;

/** Makes zod speak Chinese for the whole process (idempotent). */
export function installChineseZodMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError });
}

/** Walks a schema along an issue path to the field's schema (through objects, arrays, optional, default, pipes). */
export function schemaAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let s: unknown = root;
  for (const key of path) {
    s = unwrap(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def) return undefined;
    if (def.type === 'object' && typeof key === 'string') s = (def.shape as Record<string, unknown>)[key];
    else if (def.type === 'array' && typeof key === 'number') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
  }
  return s;
}

function unwrap(s: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    if (schemaTitle(s)) return s;
    const def = (s as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def) return s;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(String(def.type))) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else return s;
  }
  return s;
}

/**
 * Re-labels issues whose message came from the global map, with the name the schema gives the field
 * (`.meta({ title })` on the field, which checks such as max length cannot see on their own).
 */
export function labelIssues(root: unknown, issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.map((issue) => {
    const path = issue.path ?? [];
    const generic = fieldNameOf(path);
    // Finalised issues no longer carry their input, so the message is recognised by the name it starts with.
    const rest = issue.message.startsWith(generic)
      ? issue.message.slice(generic.length)
      : issue.message === `请填写${generic}`
        ? null
        : undefined;
    if (rest === undefined) return issue;
    const field = schemaAt(root, path);
    const title = schemaTitle(field) ?? schemaTitle(unwrap(field));
    if (!title || title === generic) return issue;
    return { ...issue, message: rest === null ? `请填写${title}` : title + rest } as z.core.$ZodIssue;
  });
}
