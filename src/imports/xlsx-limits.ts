/**
 * Limits on what an uploaded XLSX may unpack to, checked by one streaming pass over the archive
 * BEFORE exceljs reads it. A few megabytes of ZIP can inflate to gigabytes of XML: exceljs keeps every
 * shared string in one array and grows arrays to the largest column index it meets, which crashed the
 * process outright ("Fatal JavaScript invalid size error"), something no try/catch or worker can catch.
 * The scan keeps nothing but counters: memory stays constant whatever the file unpacks to, and the
 * event loop keeps serving between chunks.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/** What an XLSX may contain. A county-wide questionnaire export is far below every one of them. */
export const XLSX_LIMITS: XlsxLimits = {
  /** Rows of any worksheet (a county's whole survey is some thousands). */
  rows: 50_000,
  /** Cells in one row (a questionnaire with every multi-choice option as its own column stays far below). */
  columns: 1_000,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  /** Entries of the shared strings table. */
  sharedStrings: 500_000,
  /** Unpacked bytes of the shared strings table, which exceljs holds in memory. */
  sharedStringsBytes: 64 * 1024 * 1024,
  /** Unpacked bytes of the whole archive (worksheets are streamed, but reading them still takes time). */
  unpackedBytes: 256 * 1024 * 1024,
  /** Files inside the archive. */
  entries: 1_000,
};

export interface XlsxLimits {
  rows: number;
  columns: number;
  cellChars: number;
  sharedStrings: number;
  sharedStringsBytes: number;
  unpackedBytes: number;
  entries: number;
}

/** Which limit a file broke, with a Chinese sentence for the coordinator. */
export class XlsxLimitError extends Error {
  constructor(
    readonly limit: keyof XlsxLimits,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxLimitError';
  }
}

/** The archive entries exceljs reads, as unzipper (exceljs's own dependency) streams them. */
interface ZipEntry extends Readable {
  path: string;
  autodrain(): unknown;
}
type ZipParser = NodeJS.ReadWriteStream & { destroy(err?: Error): void };

// The same unzipper exceljs uses, resolved through exceljs, so the scan sees the archive exactly as exceljs will
// (entry by entry from the local headers, not from the central directory, which a crafted file can contradict).
const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = requireFromExceljs('unzipper') as { Parse(opts: { forceStream: true }): ZipParser };
// exceljs's own loop over a stream: it ends on 'error' as well as 'end', which a truncated archive needs.
const iterateStream = requireFromExceljs('./lib/utils/iterate-stream.js') as <T>(stream: NodeJS.ReadableStream) => AsyncIterable<T>;

const LT = 0x3c;
const GT = 0x3e;

/** Counts what matters in one XML entry, byte by byte, without keeping any of it. */
class XmlCounter {
  private inTag = false;
  private name = '';
  private nameDone = false;
  /** Bytes of text since the last tag: the longest bounds a cell's size. */
  private textRun = 0;
  rows = 0;
  private cellsInRow = 0;
  strings = 0;

  constructor(
    private readonly kind: 'sheet' | 'sharedStrings' | 'other',
    private readonly limits: XlsxLimits,
  ) {}

  feed(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (!this.inTag) {
        if (b === LT) {
          this.inTag = true;
          this.name = '';
          this.nameDone = false;
          this.textRun = 0;
        } else if (++this.textRun > this.limits.cellChars * TEXT_BYTES_PER_CHAR) {
          throw new XlsxLimitError('cellChars', `Excel 文件中有单元格内容过长（超过 ${this.limits.cellChars} 个字），无法导入`);
        }
        continue;
      }
      if (b === GT) {
        if (!this.nameDone) this.onTag();
        this.inTag = false;
        continue;
      }
      if (this.nameDone) continue;
      // A tag name ends at whitespace or "/" ("<c r=…", "<row/>"); a namespace prefix ("x:row") is dropped.
      if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || (b === 0x2f && this.name !== '')) this.onTag();
      else if (b === 0x3a) this.name = '';
      else if (this.name.length < 8) this.name += String.fromCharCode(b);
      else this.nameDone = true;
    }
  }

  private onTag(): void {
    this.nameDone = true;
    if (this.kind === 'sheet') {
      if (this.name === 'row') {
        this.cellsInRow = 0;
        if (++this.rows > this.limits.rows) {
          throw new XlsxLimitError('rows', `Excel 工作表超过 ${this.limits.rows} 行，请拆分成几个文件后分别导入`);
        }
      } else if (this.name === 'c' && ++this.cellsInRow > this.limits.columns) {
        throw new XlsxLimitError('columns', `Excel 工作表有一行超过 ${this.limits.columns} 列，不是问卷导出文件`);
      }
    } else if (this.kind === 'sharedStrings' && this.name === 'si' && ++this.strings > this.limits.sharedStrings) {
      throw new XlsxLimitError('sharedStrings', `Excel 文件中不同的文字超过 ${this.limits.sharedStrings} 条，请拆分后再导入`);
    }
  }
}

/** A cell's text in bytes: UTF-8 takes up to 3 bytes per Chinese character, and entities ("&amp;") more. */
const TEXT_BYTES_PER_CHAR = 6;

function kindOf(entryPath: string): 'sheet' | 'sharedStrings' | 'other' {
  if (/^xl\/worksheets\/sheet\d+\.xml$/u.test(entryPath)) return 'sheet';
  if (entryPath === 'xl/sharedStrings.xml') return 'sharedStrings';
  return 'other';
}

/**
 * Reads the archive at `file` once, unpacking and counting, and throws XlsxLimitError when it holds
 * more than XLSX_LIMITS allow. Other problems of the archive (corrupt, truncated) are left for exceljs
 * to report, so its messages stay the ones users know.
 */
export async function checkXlsxLimits(file: string, limits: XlsxLimits = XLSX_LIMITS): Promise<void> {
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  const zip = unzipper.Parse({ forceStream: true });
  source.on('error', (err) => zip.destroy(err));
  source.pipe(zip);
  let unpacked = 0;
  let entries = 0;
  try {
    for await (const entry of iterateStream<ZipEntry>(zip)) {
      if (++entries > limits.entries) throw new XlsxLimitError('entries', 'Excel 文件内部结构异常（文件过多），无法导入');
      const kind = kindOf(entry.path);
      const counter = new XmlCounter(kind, limits);
      let entryBytes = 0;
      for await (const chunk of iterateStream<Buffer>(entry)) {
        entryBytes += chunk.length;
        unpacked += chunk.length;
        if (unpacked > limits.unpackedBytes) {
          throw new XlsxLimitError(
            'unpackedBytes',
            `Excel 文件解压后超过 ${Math.round(limits.unpackedBytes / 1024 / 1024)} MB，请拆分后再导入`,
          );
        }
        if (kind === 'sharedStrings' && entryBytes > limits.sharedStringsBytes) {
          throw new XlsxLimitError('sharedStringsBytes', 'Excel 文件中的文字总量过大，请拆分后再导入');
        }
        counter.feed(chunk);
      }
    }
  } catch (err) {
    if (err instanceof XlsxLimitError) throw err;
    // Corrupt or truncated archives: exceljs reads them next and reports them in its own words.
  } finally {
    source.destroy();
    zip.destroy();
  }
}
