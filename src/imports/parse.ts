/**
 * Streaming reader for questionnaire exports (问卷星 wjx.cn, 腾讯问卷, 金数据…):
 * CSV in UTF-8 (with/without BOM), UTF-16 (with BOM) or GBK/GB18030, comma- or
 * tab-separated; or XLSX (first worksheet). One row per respondent, Chinese
 * headers. Memory stays bounded whatever the number of rows.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { parse as csvParse } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { logFailure } from '../shared/log-failure.js';
import { checkXlsxLimits, XLSX_LIMITS, XlsxLimitError } from './xlsx-limits.js';

// ---------------------------------------------------------------------------
// Public types

export type ImportInput = { filename: string; stream: Readable } | { filename: string; path: string };

export interface ImportRow {
  /** Row number as a spreadsheet shows it: the header row of a plain export is row 1, the first answer row 2. */
  rowNumber: number;
  /** Header → cell text (trimmed). Every header is present ('' when empty), in header order. */
  cells: Record<string, string>;
}

export type SourceEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

export interface OpenedRows {
  format: 'csv' | 'xlsx';
  /** CSV only: detected text encoding and delimiter. */
  encoding?: SourceEncoding;
  delimiter?: ',' | '\t' | ';';
  /** Header texts, unique (duplicates get "_2", "_3"; blank ones "列N"). */
  headers: string[];
  /** Row number of the header row. */
  headerRow: number;
  /** Answer rows; blank rows are skipped. Single use. Breaking out early releases the file. */
  rows: AsyncIterable<ImportRow>;
  /** Rough number of answer rows (CSV from a file or when the whole file fit in the sniffed sample). */
  totalRowsHint?: number;
  /** Release the underlying file/stream without reading on. Safe to call twice. */
  close(): void;
}

export type ImportErrorCode =
  | 'empty_file'
  | 'unknown_format'
  | 'legacy_xls'
  | 'html'
  | 'no_header'
  | 'bad_csv'
  | 'bad_xlsx'
  | 'no_worksheet'
  | 'read_failed'
  /** Over XLSX_LIMITS (rows, columns, cell size, shared strings, unpacked size): answered 422. */
  | 'too_large';

/** The upload is not a readable questionnaire export. `message` is Chinese, fit for the user. */
export class ImportFormatError extends Error {
  readonly code: ImportErrorCode;
  /** Row near which the problem was found, when known. */
  readonly row?: number;
  constructor(code: ImportErrorCode, message: string, opts: { row?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ImportFormatError';
    this.code = code;
    if (opts.row !== undefined) this.row = opts.row;
  }
}

const UNKNOWN_FORMAT_MESSAGE = '无法识别的文件格式，请上传 CSV 或 XLSX 文件';

// ---------------------------------------------------------------------------
// Sniffing

const SNIFF_BYTES = 64 * 1024;
/** Longest CSV record accepted (characters). Protects memory against a file with no line breaks. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

interface Sniffed {
  head: Buffer;
  eof: boolean;
  /** The whole input again: head first, then the rest of the source. */
  stream: Readable;
  source: Readable;
}

async function sniff(source: Readable): Promise<Sniffed> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let eof = false;
  try {
    while (size < SNIFF_BYTES) {
      const r = await it.next();
      if (r.done) {
        eof = true;
        break;
      }
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : Buffer.from(r.value);
      chunks.push(b);
      size += b.length;
    }
  } catch (err) {
    source.destroy();
    throw new ImportFormatError('read_failed', '读取上传文件失败，请重新上传', { cause: err });
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (eof) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  }
  const stream = Readable.from(replay(), { objectMode: false });
  stream.once('close', () => source.destroy());
  return { head, eof, stream, source };
}

const startsWith = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

type Kind = { kind: 'xlsx' } | { kind: 'csv'; encoding: SourceEncoding; bomBytes: number };

function classify(head: Buffer, filename: string): Kind {
  if (head.length === 0) throw new ImportFormatError('empty_file', '文件为空，请检查导出的文件后重新上传');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' };
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    throw new ImportFormatError('bad_xlsx', 'Excel 文件是空的压缩包，无法读取，请重新导出');
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new ImportFormatError(
      'legacy_xls',
      '不支持旧版 Excel（.xls）或加密的 Excel 文件，请在 Excel 中“另存为” .xlsx（不设密码）或 CSV 后再上传',
    );
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { kind: 'csv', encoding: 'utf8', bomBytes: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'csv', encoding: 'utf16le', bomBytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'csv', encoding: 'utf16be', bomBytes: 2 };
  if (/\.(xlsx|xlsm)$/iu.test(filename) && head.includes(0)) {
    throw new ImportFormatError('bad_xlsx', '文件扩展名是 .xlsx，但内容不是有效的 Excel 文件，请重新导出');
  }

  // UTF-16 without BOM: many zero bytes at odd (LE) or even (BE) offsets.
  const probe = head.subarray(0, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < probe.length; i++) {
    if (probe[i] !== 0) continue;
    if (i % 2) zeroOdd++;
    else zeroEven++;
  }
  const half = probe.length / 2;
  if (zeroOdd > half * 0.3 && zeroEven < half * 0.05) return { kind: 'csv', encoding: 'utf16le', bomBytes: 0 };
  if (zeroEven > half * 0.3 && zeroOdd < half * 0.05) return { kind: 'csv', encoding: 'utf16be', bomBytes: 0 };

  // Binary content (images, PDFs, archives…): NULs or many control characters.
  let control = 0;
  for (const byte of probe) if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)) control++;
  if (control > 0 && control / probe.length > 0.002) {
    throw new ImportFormatError('unknown_format', UNKNOWN_FORMAT_MESSAGE);
  }
  const lead = head.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (lead.startsWith('<') && /<(html|table|!doctype|\?xml)/u.test(lead)) {
    throw new ImportFormatError(
      'html',
      '这是网页（HTML/XML）格式的文件，不是 CSV 或 XLSX。请在问卷平台选择“导出为 Excel（.xlsx）”或“导出为 CSV”后再上传',
    );
  }
  if (lead.startsWith('%pdf')) throw new ImportFormatError('unknown_format', UNKNOWN_FORMAT_MESSAGE);

  return { kind: 'csv', encoding: isValidUtf8Prefix(head) ? 'utf8' : 'gb18030', bomBytes: 0 };
}

/** Whether the sample is valid UTF-8, allowing a multi-byte character cut off at its end. */
function isValidUtf8Prefix(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function detectDelimiter(sampleText: string): ',' | '\t' | ';' {
  // Count delimiters outside quotes in the first non-empty line (the header).
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let sawContent = false;
  for (const ch of sampleText) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (sawContent) break;
      continue;
    } else if (!inQuotes && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++;
    if (ch.trim()) sawContent = true;
  }
  if (counts['\t'] > counts[',']) return '\t';
  if (counts[','] === 0 && counts[';'] > 0) return ';';
  return ',';
}

// ---------------------------------------------------------------------------
// Header handling shared by CSV and XLSX

const blankRow = (values: readonly string[]) => values.every((v) => v === '');

/** Rows wider than a questionnaire can be, or cells longer than Excel allows, are refused (memory stays bounded). */
function checkColumns(values: readonly string[]): void {
  if (values.length > XLSX_LIMITS.columns) {
    throw new ImportFormatError('too_large', `文件有一行超过 ${XLSX_LIMITS.columns} 列，不是问卷导出文件`);
  }
  for (const v of values) {
    if (v.length > XLSX_LIMITS.cellChars) {
      throw new ImportFormatError('too_large', `文件中有单元格内容过长（超过 ${XLSX_LIMITS.cellChars} 个字），无法导入`);
    }
  }
}

class HeaderMap {
  readonly headers: string[] = [];
  /** column index (0-based) → header */
  private readonly byCol = new Map<number, string>();
  constructor(values: readonly string[]) {
    checkColumns(values);
    const first = values.findIndex((v) => v !== '');
    let last = values.length - 1;
    while (last >= 0 && values[last] === '') last--;
    const seen = new Map<string, number>();
    for (let i = first; i <= last; i++) {
      let h =
        values[i]!.replace(/^\uFEFF/u, '')
          .replace(/\s+/gu, ' ')
          .trim() || `列${i + 1}`;
      const n = (seen.get(h) ?? 0) + 1;
      seen.set(h, n);
      if (n > 1) {
        let k = n;
        while (seen.has(`${h}_${k}`)) k++;
        h = `${h}_${k}`;
        seen.set(h, 1);
      }
      this.headers.push(h);
      this.byCol.set(i, h);
    }
  }
  toCells(values: readonly string[]): Record<string, string> {
    checkColumns(values);
    const cells: Record<string, string> = {};
    for (const h of this.headers) cells[h] = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const h = this.byCol.get(i);
      if (h !== undefined) cells[h] = v;
      else if (v !== '') cells[`列${i + 1}`] = v;
    }
    return cells;
  }
}

/** Excel's ="0936-5521234" trick for keeping text, and surrounding whitespace. */
function cleanCsvCell(v: string): string {
  const t = v.trim();
  const m = /^="(.*)"$/su.exec(t);
  return m ? m[1]!.replace(/""/gu, '"').trim() : t;
}

// ---------------------------------------------------------------------------
// CSV

async function openCsv(sn: Sniffed, kind: Extract<Kind, { kind: 'csv' }>, fileSize?: number): Promise<OpenedRows> {
  const enc = kind.encoding;
  const sampleText = iconv.decode(sn.head, enc, { stripBOM: true });
  const delimiter = detectDelimiter(sampleText);

  const decoder = iconv.decodeStream(enc, { stripBOM: true });
  const parser = csvParse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  let failure: unknown = null;
  pipeline(sn.stream, decoder, parser, (err) => {
    if (err) failure = err;
  });
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let rowNumber = 0;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    parser.destroy();
    sn.stream.destroy();
    sn.source.destroy();
  };

  const next = async (): Promise<string[] | null> => {
    try {
      const r = await records.next();
      if (r.done) {
        if (failure) throw failure;
        return null;
      }
      rowNumber++;
      return r.value.map(cleanCsvCell);
    } catch (err) {
      close();
      throw csvError(err, rowNumber + 1);
    }
  };

  let headerValues: string[] | null = null;
  for (;;) {
    const rec = await next();
    if (rec === null) break;
    if (!blankRow(rec)) {
      headerValues = rec;
      break;
    }
  }
  if (!headerValues) {
    close();
    throw new ImportFormatError('no_header', '文件中没有内容（找不到表头行）');
  }
  const headerRow = rowNumber;
  const map = new HeaderMap(headerValues);

  let totalRowsHint: number | undefined;
  const lines = sampleText.split(/\r\n|\n|\r/u);
  if (sn.eof) {
    totalRowsHint = Math.max(0, lines.filter((l) => l.trim() !== '').length - 1);
  } else if (fileSize && lines.length > 2) {
    const perLine = sn.head.length / (lines.length - 1);
    totalRowsHint = Math.max(0, Math.round(fileSize / perLine) - headerRow);
  }

  async function* rows(): AsyncGenerator<ImportRow> {
    try {
      for (;;) {
        const rec = await next();
        if (rec === null) return;
        if (blankRow(rec)) continue;
        yield { rowNumber, cells: map.toCells(rec) };
      }
    } finally {
      close();
    }
  }

  return {
    format: 'csv',
    encoding: enc,
    delimiter,
    headers: map.headers,
    headerRow,
    rows: rows(),
    ...(totalRowsHint === undefined ? {} : { totalRowsHint }),
    close,
  };
}

function csvError(err: unknown, row: number): ImportFormatError {
  if (err instanceof ImportFormatError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  const line = (err as { lines?: number } | null)?.lines;
  const where = `（第 ${row} 行附近${line ? `，文本第 ${line} 行` : ''}）`;
  let msg: string;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      msg = `CSV 文件格式错误：引号没有闭合${where}`;
      break;
    case 'CSV_MAX_RECORD_SIZE':
      msg = `CSV 文件中有一行过长${where}，可能不是问卷导出文件`;
      break;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      msg = `CSV 文件格式错误：引号使用不正确${where}`;
      break;
    default:
      if (code.startsWith('CSV_')) msg = `CSV 文件格式错误${where}`;
      else return new ImportFormatError('read_failed', '读取上传文件失败，请重新上传', { row, cause: err });
  }
  return new ImportFormatError('bad_csv', msg, { row, cause: err });
}

// ---------------------------------------------------------------------------
// XLSX

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Excel dates carry no zone: exceljs puts the wall clock into UTC fields. Output naive ISO 8601. */
function excelDateToString(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds();
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  // Time-only cells (h:mm formats) sit on Excel's day 0.
  if (d.getUTCFullYear() === 1899 && d.getUTCMonth() === 11 && d.getUTCDate() >= 30) return time;
  return hasTime ? `${date}T${time}` : date;
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

const DATE_FMT = /(^|[^"\\])[ymdhs]|上午|下午|年|月|日/iu;
function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || !fmt || fmt === 'General') return false;
  const stripped = fmt.replace(/"[^"]*"/gu, '').replace(/\[[^\]]*\]/gu, '');
  return DATE_FMT.test(stripped);
}

/** Any exceljs cell value → display string. */
function excelValueToString(value: unknown, numFmt?: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    if (isDateFormat(numFmt) && value > 0 && value < 2958466) {
      return excelDateToString(new Date(Math.round((value - 25569) * 86400) * 1000));
    }
    return numberToString(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return excelDateToString(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: unknown }>)
        .map((r) => (typeof r.text === 'string' ? r.text : ''))
        .join('')
        .trim();
    }
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
      const result = v.result;
      if (result && typeof result === 'object' && 'error' in (result as object)) return String((result as { error: unknown }).error);
      return excelValueToString(result, numFmt);
    }
    if ('hyperlink' in v || 'text' in v) return excelValueToString(v.text, numFmt);
    if ('error' in v) return String(v.error ?? '');
    if ('sharedString' in v) return '';
  }
  return String(value).trim();
}

interface XlsxRowLike {
  number: number;
  eachCell(opt: { includeEmpty: boolean }, cb: (cell: { value: unknown; numFmt?: unknown }, col: number) => void): void;
}

function rowValues(row: XlsxRowLike): string[] {
  const values: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    // Checked before the array grows to the column index: a cell at column 10^9 must not allocate it.
    if (col > XLSX_LIMITS.columns)
      throw new ImportFormatError('too_large', `Excel 工作表有超过 ${XLSX_LIMITS.columns} 列的单元格，不是问卷导出文件`);
    const s = excelValueToString(cell.value, cell.numFmt);
    while (values.length < col - 1) values.push('');
    values[col - 1] = s;
  });
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = '';
  return values;
}

async function openXlsx(sn: Sniffed, onClose?: () => void): Promise<OpenedRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(sn.stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  let closed = false;
  let rowIt: AsyncIterator<XlsxRowLike> | null = null;
  const close = () => {
    if (closed) return;
    closed = true;
    sn.stream.destroy();
    sn.source.destroy();
    void rowIt?.return?.().catch(logFailure('closing the worksheet reader'));
    void sheets.return?.(undefined).catch(logFailure('closing the workbook reader'));
    onClose?.();
  };
  const wrap = (err: unknown): ImportFormatError => {
    close();
    if (err instanceof ImportFormatError) return err;
    return new ImportFormatError('bad_xlsx', 'Excel 文件已损坏或不是有效的 XLSX 文件，无法读取，请重新导出', { cause: err });
  };

  try {
    const first = await sheets.next();
    if (first.done) throw new ImportFormatError('no_worksheet', 'Excel 文件中没有工作表，请检查导出的文件');
    // exceljs declares no types for its streaming WorksheetReader: XlsxRowLike is the part we use.
    rowIt = (first.value as unknown as AsyncIterable<XlsxRowLike>)[Symbol.asyncIterator]();
  } catch (err) {
    throw wrap(err);
  }

  let rowNumber = 0;
  const next = async (): Promise<string[] | null> => {
    try {
      const r = await rowIt!.next();
      if (r.done) return null;
      rowNumber = r.value.number;
      return rowValues(r.value);
    } catch (err) {
      throw wrap(err);
    }
  };

  let headerValues: string[] | null = null;
  for (;;) {
    const v = await next();
    if (v === null) break;
    if (!blankRow(v)) {
      headerValues = v;
      break;
    }
  }
  if (!headerValues) {
    close();
    throw new ImportFormatError('no_header', 'Excel 第一个工作表是空的（找不到表头行）');
  }
  const headerRow = rowNumber;
  const map = new HeaderMap(headerValues);

  async function* rows(): AsyncGenerator<ImportRow> {
    try {
      for (;;) {
        const v = await next();
        if (v === null) return;
        if (blankRow(v)) continue;
        yield { rowNumber, cells: map.toCells(v) };
      }
    } finally {
      close();
    }
  }

  return { format: 'xlsx', headers: map.headers, headerRow, rows: rows(), close };
}

// ---------------------------------------------------------------------------
// Entry point

/**
 * Opens a questionnaire export and reads its header row. The format is decided
 * by content (ZIP → XLSX, text → CSV), not by the file name. Throws
 * ImportFormatError (Chinese message) for files that are neither; errors found
 * later while iterating `rows` are ImportFormatErrors too.
 */
export async function openRows(input: ImportInput): Promise<OpenedRows> {
  let source: Readable;
  let fileSize: number | undefined;
  if ('path' in input) {
    try {
      fileSize = (await stat(input.path)).size;
    } catch (err) {
      throw new ImportFormatError('read_failed', '找不到上传的文件或无法读取', { cause: err });
    }
    source = createReadStream(input.path, { highWaterMark: SNIFF_BYTES });
  } else {
    source = input.stream;
  }
  const sn = await sniff(source);
  let kind: Kind;
  try {
    kind = classify(sn.head, input.filename);
  } catch (err) {
    sn.stream.destroy();
    source.destroy();
    throw err;
  }
  if (kind.kind === 'csv') return openCsv(sn, kind, fileSize);
  if ('path' in input) {
    await checkLimits(input.path, sn);
    return openXlsx(sn);
  }
  // A stream is spooled to a temporary file first: the limits are checked by a pass of their own
  // before exceljs sees a byte.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wushe-xlsx-'));
  const removeDir = () => void rm(dir, { recursive: true, force: true }).catch(logFailure('removing a spooled upload', { dir }));
  try {
    const file = path.join(dir, 'upload.xlsx');
    await pipelineAsync(sn.stream, createWriteStream(file));
    const spooled = await sniff(createReadStream(file, { highWaterMark: SNIFF_BYTES }));
    await checkLimits(file, spooled);
    return await openXlsx(spooled, removeDir);
  } catch (err) {
    removeDir();
    if (err instanceof ImportFormatError) throw err;
    throw new ImportFormatError('read_failed', '读取上传文件失败，请重新上传', { cause: err });
  }
}

/** Refuses an XLSX over XLSX_LIMITS before exceljs reads it (see xlsx-limits.ts). */
async function checkLimits(file: string, sn: Sniffed): Promise<void> {
  try {
    await checkXlsxLimits(file);
  } catch (err) {
    sn.stream.destroy();
    sn.source.destroy();
    if (err instanceof XlsxLimitError) throw new ImportFormatError('too_large', err.message, { cause: err });
    throw err;
  }
}

/** Convenience: every row of a (small) file in memory. Prefer iterating `openRows().rows`. */
export async function readAllRows(input: ImportInput): Promise<{ headers: string[]; rows: ImportRow[] }> {
  const opened = await openRows(input);
  const rows: ImportRow[] = [];
  for await (const r of opened.rows) rows.push(r);
  return { headers: opened.headers, rows };
}
