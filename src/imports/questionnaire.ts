/**
 * Recognises the usual columns of a household needs questionnaire by their
 * Chinese headers and checks one row's cells. Still pure: no database.
 */
import { normaliseAddress, normaliseUrgency, parseChineseDate, splitMultiChoice, validateName, type Urgency } from './cells.js';
import { isBlankAnswer, normaliseText } from '../shared/text.js';
import { normalisePhone } from '../shared/phone.js';
import type { ImportProblem } from './problem.js';

export type QuestionnaireField =
  'submittedAt' | 'name' | 'phone' | 'township' | 'community' | 'address' | 'groups' | 'needs' | 'description' | 'urgency' | 'keyTarget';

/** "1、户主姓名" / "Q1. 户主姓名" / "第1题 户主姓名(必填)" → "户主姓名". */
export function stripQuestionNumber(header: string): string {
  return normaliseText(header)
    .replace(/^(第\s*\d+\s*题|Q\s*\d+|\d+)\s*[、.．:：)\]]?\s*/iu, '')
    .replace(/\s*[(（](多选|单选|必填|选填|可多选|最多选\d+项)[)）]\s*/gu, '')
    .trim();
}

const FIELD_PATTERNS: ReadonlyArray<[QuestionnaireField, RegExp]> = [
  ['submittedAt', /^(提交答卷时间|提交时间|填写时间|答题时间|开始答题时间)$/u],
  ['name', /(户主|联系人|服务对象|申请人)?姓名$/u],
  ['phone', /(电话|手机|联系方式)/u],
  ['township', /(所在|所属)?(乡镇|镇|乡|街道)(\/街道)?$/u],
  ['community', /(村|社区|村\(社区\)|村（社区）)$/u],
  ['address', /(住址|地址)/u],
  ['groups', /(对象类别|人员类别|对象类型|困难类型|身份类别)/u],
  ['needs', /(主要需求|服务需求|需求类型|需要的帮助|需求类别)$/u],
  ['description', /(需求描述|具体情况|情况说明|详细描述|补充说明)/u],
  ['urgency', /(紧急程度|紧急|急迫)/u],
  ['keyTarget', /重点(服务)?对象/u],
];

/** Header text for each recognised field (first matching column wins). */
export function mapColumns(headers: readonly string[]): Partial<Record<QuestionnaireField, string>> {
  const out: Partial<Record<QuestionnaireField, string>> = {};
  for (const h of headers) {
    const bare = stripQuestionNumber(h);
    for (const [field, re] of FIELD_PATTERNS) {
      if (out[field] !== undefined) continue;
      if (re.test(bare)) {
        out[field] = h;
        break;
      }
    }
  }
  return out;
}

export interface QuestionnaireValues {
  submittedAt?: Date;
  name?: string;
  phone?: string;
  township?: string;
  community?: string;
  address?: string;
  groups: string[];
  needs: string[];
  description?: string;
  urgency?: Urgency;
}

/**
 * Normalises the recognised cells of one row and lists what is wrong with it.
 * Required: name and phone; urgency and the date are checked when present.
 */
export function checkQuestionnaireRow(
  rowNumber: number,
  cells: Record<string, string>,
  columns: Partial<Record<QuestionnaireField, string>>,
): { values: QuestionnaireValues; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const values: QuestionnaireValues = { groups: [], needs: [] };
  const cell = (f: QuestionnaireField) => (columns[f] === undefined ? undefined : (cells[columns[f]!] ?? ''));
  const problem = (f: QuestionnaireField, reason: string) => problems.push({ row: rowNumber, column: columns[f] ?? f, reason });

  const submitted = cell('submittedAt');
  if (submitted !== undefined && !isBlankAnswer(submitted)) {
    const r = parseChineseDate(submitted);
    if (r.ok) values.submittedAt = r.value;
    else problem('submittedAt', r.reason);
  }

  const name = cell('name');
  if (name === undefined) problem('name', '找不到“姓名”列');
  else {
    const r = validateName(name);
    if (r.ok) values.name = r.value;
    else problem('name', r.reason);
  }

  const phone = cell('phone');
  if (phone === undefined) problem('phone', '找不到“联系电话”列');
  else {
    const r = normalisePhone(phone);
    if (r.ok) values.phone = r.value;
    else problem('phone', r.reason);
  }

  const town = cell('township');
  if (town !== undefined && !isBlankAnswer(town)) values.township = normaliseAddress(town);
  const community = cell('community');
  if (community !== undefined && !isBlankAnswer(community)) values.community = normaliseAddress(community);
  const address = cell('address');
  if (address !== undefined && !isBlankAnswer(address)) values.address = normaliseAddress(address);
  const description = cell('description');
  if (description !== undefined && !isBlankAnswer(description)) values.description = normaliseText(description);
  values.groups = splitMultiChoice(cell('groups'));
  values.needs = splitMultiChoice(cell('needs'));

  const urgency = cell('urgency');
  if (urgency !== undefined && !isBlankAnswer(urgency)) {
    const r = normaliseUrgency(urgency);
    if (r.ok) values.urgency = r.value;
    else problem('urgency', r.reason);
  }
  return { values, problems };
}
