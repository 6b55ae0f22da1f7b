/**
 * Column mapping between a questionnaire export's headers and a survey template's questions.
 * Pure: no I/O.
 */
import type { Question, QuestionRole } from '../surveys/schema.js';
import { normaliseText } from '../shared/text.js';
import type { ImportProblem } from './problem.js';
import { mapColumns, stripQuestionNumber, type QuestionnaireField } from './questionnaire.js';

const ROLE_FIELDS: Partial<Record<QuestionRole, QuestionnaireField>> = {
  submittedAt: 'submittedAt',
  headName: 'name',
  phone: 'phone',
  township: 'township',
  community: 'community',
  address: 'address',
  groups: 'groups',
  needs: 'needs',
  description: 'description',
  urgency: 'urgency',
  keyTarget: 'keyTarget',
};

const bare = (h: string) => normaliseText(stripQuestionNumber(h)).replace(/\s/gu, '');

/**
 * The mapping to use for a file: headers equal to a question's label ("7、服务对象类别(多选)" ↔
 * 服务对象类别) first, then the template's saved mapping where its headers are present (saved only
 * by a committed import), then the usual questionnaire header patterns for the question's role. An
 * exact header always wins over a remembered mapping.
 */
export function autoMapping(
  questions: readonly Question[],
  headers: readonly string[],
  saved: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  const take = (key: string, header: string | undefined) => {
    if (!header || used.has(header) || out[key]) return;
    out[key] = header;
    used.add(header);
  };
  for (const q of questions)
    take(
      q.key,
      headers.find((h) => !used.has(h) && bare(h) === bare(q.label)),
    );
  for (const q of questions) if (saved[q.key] && headers.includes(saved[q.key]!)) take(q.key, saved[q.key]);
  const patterns = mapColumns(headers.filter((h) => !used.has(h)));
  for (const q of questions) {
    const field = q.role ? ROLE_FIELDS[q.role] : undefined;
    if (field) take(q.key, patterns[field]);
  }
  return out;
}

/** Problems with a mapping itself: required questions without a column, columns that are not in the file. */
export function mappingProblems(
  questions: readonly Question[],
  headers: readonly string[],
  mapping: Readonly<Record<string, string>>,
  headerRow: number,
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const q of questions) {
    const header = mapping[q.key];
    if (header && !headers.includes(header))
      problems.push({ row: headerRow, column: header, reason: `文件中没有列「${header}」（对应题目「${q.label}」）` });
    // Without a village column the village is found in the address text (check.ts), so an address column suffices.
    else if (!header && q.role === 'community' && addressMapped(questions, headers, mapping)) continue;
    else if (!header && (q.required || q.role === 'headName')) {
      problems.push({ row: headerRow, column: q.label, reason: `缺少必填列「${q.label}」，请检查表头或设置列对应关系` });
    }
  }
  return problems;
}

function addressMapped(questions: readonly Question[], headers: readonly string[], mapping: Readonly<Record<string, string>>): boolean {
  const address = questions.find((q) => q.role === 'address');
  const header = address ? mapping[address.key] : undefined;
  return Boolean(header && headers.includes(header));
}

/** One row's cells as answers keyed by question. */
export function answersOf(cells: Readonly<Record<string, string>>, mapping: Readonly<Record<string, string>>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, header] of Object.entries(mapping)) answers[key] = cells[header] ?? '';
  return answers;
}
