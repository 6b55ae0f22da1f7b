/**
 * Files a coordinator downloads around an import: the template to fill in (XLSX with the expected
 * headers and an example row), and the rows with problems (CSV that Excel opens, to fix and upload again).
 */
import ExcelJS from 'exceljs';
import type { Actor, StationScope } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { shortCommunityName } from '../households/places.js';
import { listStations } from '../stations/service.js';
import type { Question } from '../surveys/schema.js';
import { ensureDefaultTemplate, getTemplate } from '../surveys/templates.js';
import { URGENCY_LABELS } from '../contracts/labels.js';
import { checkRow } from './check.js';
import { importJobs } from './repository.js';
import { ImportFormatError, openRows } from './parse.js';
import { mappingProblems } from './mapping.js';
import type { ImportProblem } from './problem.js';
import { isBlankRow } from './run.js';

/** An example answer for a question, so the template shows how a row is filled in. */
function exampleAnswer(q: Question, place: { township: string; community: string }): string {
  switch (q.role) {
    case 'submittedAt':
      return '2026-11-02 09:30';
    case 'headName':
      return '王秀兰';
    case 'phone':
      return '13900000000';
    case 'township':
      return place.township;
    case 'community':
      return place.community;
    case 'address':
      return `${place.community}3组12号`;
    case 'householdSize':
      return '2';
    case 'description':
      return '独居老人，腿脚不便，需要每天中午送餐上门。';
    case 'urgency':
      return URGENCY_LABELS.high;
    case 'consent':
      return '是';
    case 'keyTarget':
      return '否';
    case 'groups':
    case 'needs':
    case 'availability':
      return q.options.slice(0, 2).join('┋');
    default:
      return q.options[0] ?? '';
  }
}

/** The import template of a scope as XLSX: one sheet to fill in (headers + an example row) and one of notes. */
export async function templateWorkbook(scope: StationScope, templateId?: string): Promise<{ filename: string; body: Buffer }> {
  const template = templateId ? await getTemplate(scope, templateId) : await ensureDefaultTemplate(scope.countyCode);
  const stations = await listStations(scope);
  const station = scope.kind === 'station' ? stations.find((s) => s.code === scope.stationCode) : stations[0];
  const place = {
    township: station?.name ?? '',
    community: station?.communities[0] ? shortCommunityName(station.communities[0].name) : '',
  };
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('入户需求调查');
  sheet.addRow(template.questions.map((q) => q.label));
  sheet.addRow(template.questions.map((q) => exampleAnswer(q, place)));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 16));
  const notes = book.addWorksheet('填写说明');
  notes.addRow(['列名', '是否必填', '可填写的内容']);
  notes.getRow(1).font = { bold: true };
  for (const q of template.questions) {
    const required = q.required || q.role === 'headName' ? '必填' : '选填';
    const options = q.options.length ? q.options.join('、') + (q.type === 'multi' ? '（可多选，用┋分隔）' : '') : '';
    notes.addRow([q.label, q.role === 'community' ? '选填（不填时从地址中识别）' : required, options]);
  }
  notes.addRow([]);
  notes.addRow(['第二行是示例，导入前请删除或替换为真实数据。']);
  notes.columns.forEach((c) => (c.width = 30));
  const body = Buffer.from(await book.xlsx.writeBuffer());
  return { filename: `${template.name}-导入模板.xlsx`, body };
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Cells starting with = + - @ would run as formulas in Excel: a leading quote keeps them text.
  const safe = /^[=+\-@]/u.test(s) ? `'${s}` : s;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

function csv(rows: ReadonlyArray<ReadonlyArray<string | number>>): Buffer {
  // A BOM so Excel reads the Chinese as UTF-8.
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/**
 * The rows with problems of a job as CSV. Before the commit the file is still here: the rows are
 * given as written with a 问题说明 column, ready to fix and upload again. After the commit only the
 * kept problems remain (row, column, reason). The export is audited (the rows name people).
 */
export async function problemRowsCsv(props: {
  actor: Actor;
  scope: StationScope;
  id: string;
  requestId?: string;
}): Promise<{ filename: string; body: Buffer }> {
  const job = await importJobs.get(props.scope, props.id);
  const base = job.filename.replace(/\.[^.]+$/u, '');
  if (!job.filePath || job.status !== 'uploaded') {
    const rows = (job.problems ?? []).map((p) => [p.row, p.column, p.reason]);
    return { filename: `${base}-问题行.csv`, body: csv([['行号', '列', '问题说明'], ...rows]) };
  }
  const template = await getTemplate(props.scope, job.templateId);
  const stations = (await listStations(props.scope)).filter((s) => !job.stationCode || s.code === job.stationCode);
  const ctx = { questions: template.questions, mapping: job.columnMapping, headers: job.headers, stations, stationCode: job.stationCode };
  const headerProblems = mappingProblems(template.questions, job.headers, job.columnMapping, 1);
  const out: Array<Array<string | number>> = [['行号', ...job.headers, '问题说明']];
  const reasons = (list: ImportProblem[]) => list.map((p) => (p.column ? `${p.column}：${p.reason}` : p.reason)).join('；');
  const opened = await openRows({ filename: job.filename, path: job.filePath });
  let written = 0;
  try {
    for await (const row of opened.rows) {
      if (isBlankRow(row, ctx)) continue;
      const problems = headerProblems.length ? headerProblems : (checkRow(row, ctx).problems as ImportProblem[]);
      if (!problems.length) continue;
      out.push([row.rowNumber, ...job.headers.map((h) => row.cells[h] ?? ''), reasons(problems)]);
      written++;
    }
  } catch (err) {
    if (!(err instanceof ImportFormatError)) throw err;
    out.push([err.row ?? 0, ...job.headers.map(() => ''), err.message]);
  } finally {
    opened.close();
  }
  if (written)
    await audit(props.actor, {
      action: 'export',
      entity: 'import_job',
      entityIds: [String(job._id)],
      fields: ['rows_with_problems'],
      stationCode: job.stationCode ?? undefined,
      requestId: props.requestId,
    });
  return { filename: `${base}-问题行.csv`, body: csv(out) };
}
