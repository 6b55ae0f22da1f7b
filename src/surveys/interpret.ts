/**
 * Turns the answers of one survey response (or one imported row) into what the product stores:
 * household fields, beneficiary groups, and one need per chosen need option. Pure: no I/O.
 */
import { groupFromText, type BeneficiaryGroup } from '../households/groups.js';
import {
  asWritten,
  normaliseAddress,
  normaliseUrgency,
  parseChineseDate,
  splitMultiChoiceDetailed,
  validateName,
  type Choice,
} from '../imports/cells.js';
import { isBlankAnswer, normaliseText } from '../shared/text.js';
import { normalisePhone } from '../shared/phone.js';
import type { Urgency } from '../needs/schema.js';
import { categoryFromText } from '../needs/taxonomy.js';
import type { Question } from './schema.js';

/** A weekly window as the Need schema stores it. */
export interface Window {
  day: number;
  start: string;
  end: string;
}

/** One need item of the needs list 需求清单, before placement. */
export interface NeedItem {
  category: string | null;
  /** The option as answered ("助餐/送餐", "其他：需要理发"). */
  label: string;
}

/** What a response says, in the product's terms, and what is wrong with it (by question key). */
export interface Interpreted {
  submittedAt?: Date;
  headName?: string;
  phone?: string;
  township?: string;
  community?: string;
  address?: string;
  householdSize?: number;
  groups: BeneficiaryGroup[];
  needs: NeedItem[];
  description: string;
  urgency: Urgency;
  windows: Window[];
  consent?: boolean;
  keyTarget?: boolean;
  problems: Array<{ key: string; reason: string }>;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

/** 方便上门时间 options → weekly windows. */
const AVAILABILITY: Record<string, { days: number[]; start: string; end: string }> = {
  工作日上午: { days: WEEKDAYS, start: '08:30', end: '12:00' },
  工作日下午: { days: WEEKDAYS, start: '14:00', end: '18:00' },
  周末上午: { days: WEEKEND, start: '08:30', end: '12:00' },
  周末下午: { days: WEEKEND, start: '14:00', end: '18:00' },
  晚上: { days: ALL_DAYS, start: '19:00', end: '21:00' },
  上午: { days: ALL_DAYS, start: '08:30', end: '12:00' },
  下午: { days: ALL_DAYS, start: '14:00', end: '18:00' },
  全天: { days: ALL_DAYS, start: '08:30', end: '18:00' },
};

const YES = new Set(['是', '同意', '愿意', '有', 'yes', 'y', 'true', '1', '√']);
const NO = new Set(['否', '不同意', '不愿意', '无', 'no', 'n', 'false', '0', '×']);

function choicesOf(raw: unknown): Choice[] {
  if (Array.isArray(raw)) return raw.flatMap((r) => splitMultiChoiceDetailed(String(r)));
  return splitMultiChoiceDetailed(raw == null ? '' : String(raw));
}

const isBlank = (raw: unknown) =>
  raw == null ||
  (Array.isArray(raw) ? raw.every((r) => isBlankAnswer(String(r))) : typeof raw === 'number' ? false : isBlankAnswer(String(raw)));

/** Reads every answer of a template's questions. Unknown keys in `answers` are ignored. */
export function interpretAnswers(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): Interpreted {
  const out: Interpreted = { groups: [], needs: [], description: '', urgency: 'normal', windows: [], problems: [] };
  const problem = (q: Question, reason: string) => out.problems.push({ key: q.key, reason });

  for (const q of questions) {
    const raw = answers[q.key];
    if (isBlank(raw)) {
      // A blank village is looked for in the address text when the row is placed (imports/check.ts).
      if (q.required && q.role !== 'community') problem(q, `「${q.label}」为必填项，但没有填写`);
      continue;
    }
    const text = Array.isArray(raw) ? raw.join('┋') : String(raw);
    switch (q.role) {
      case 'headName': {
        const r = validateName(text);
        if (r.ok) out.headName = r.value;
        else problem(q, r.reason);
        break;
      }
      case 'phone': {
        const r = normalisePhone(typeof raw === 'number' ? String(raw) : text);
        if (r.ok) out.phone = r.value;
        else problem(q, r.reason);
        break;
      }
      case 'submittedAt': {
        const r = parseChineseDate(typeof raw === 'number' ? raw : text);
        if (r.ok) out.submittedAt = r.value;
        else problem(q, r.reason);
        break;
      }
      case 'township':
        out.township = normaliseAddress(text);
        break;
      case 'community':
        out.community = normaliseAddress(text);
        break;
      // Stored text is kept as written (full-width punctuation stays); matching keys normalise it.
      case 'address':
        out.address = asWritten(text);
        break;
      case 'description':
        out.description = asWritten(text);
        break;
      case 'householdSize': {
        const n = typeof raw === 'number' ? raw : Number(normaliseText(text).replace(/人$/u, ''));
        if (Number.isInteger(n) && n >= 1 && n <= 30) out.householdSize = n;
        else problem(q, `家庭人口数「${text}」应为 1–30 的整数`);
        break;
      }
      case 'groups':
        for (const c of choicesOf(raw)) {
          const g = q.mapping[c.option]?.group ?? groupFromText(c.option) ?? '其他';
          if (!out.groups.includes(g)) out.groups.push(g);
        }
        break;
      case 'needs':
        for (const c of choicesOf(raw)) {
          const category =
            q.mapping[c.option]?.category ??
            categoryFromText(c.option)?.code ??
            (c.fillIn ? (categoryFromText(c.fillIn)?.code ?? null) : null);
          const label = c.fillIn ? `${c.option}：${c.fillIn}` : c.option;
          if (!out.needs.some((n) => (category ? n.category === category : n.label === label))) out.needs.push({ category, label });
        }
        break;
      case 'urgency': {
        const mapped = q.mapping[normaliseText(text)]?.urgency;
        const r = mapped ? ({ ok: true, value: mapped } as const) : normaliseUrgency(text);
        if (r.ok) out.urgency = r.value;
        else problem(q, r.reason);
        break;
      }
      case 'availability':
        for (const c of choicesOf(raw)) {
          const slot = AVAILABILITY[c.option];
          if (!slot) continue;
          for (const day of slot.days) {
            if (!out.windows.some((w) => w.day === day && w.start === slot.start))
              out.windows.push({ day, start: slot.start, end: slot.end });
          }
        }
        break;
      case 'consent':
      case 'keyTarget': {
        const t = normaliseText(text).toLowerCase();
        const value = YES.has(t) ? true : NO.has(t) ? false : undefined;
        if (value === undefined) problem(q, `「${text}」应为“是”或“否”`);
        else if (q.role === 'consent') out.consent = value;
        else out.keyTarget = value;
        break;
      }
      default:
        checkPlain(q, raw, text, problem);
    }
  }
  out.windows.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
  return out;
}

/** Type checks for questions without a role (kept in the response only). */
function checkPlain(q: Question, raw: unknown, text: string, problem: (q: Question, reason: string) => void): void {
  if (q.type === 'number' && typeof raw !== 'number' && !Number.isFinite(Number(normaliseText(text)))) problem(q, `「${text}」不是数字`);
  if (q.type === 'date') {
    const r = parseChineseDate(typeof raw === 'number' ? raw : text);
    if (!r.ok) problem(q, r.reason);
  }
  if (q.type === 'phone') {
    const r = normalisePhone(text);
    if (!r.ok) problem(q, r.reason);
  }
  if (q.type === 'single' && q.options.length && !q.options.includes(normaliseText(text))) {
    problem(q, `「${text}」不是可选项（可选：${q.options.join('、')}）`);
  }
}
