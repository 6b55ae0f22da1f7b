import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError, openRows, readAllRows, type ImportInput } from '../../src/imports/parse.js';
import { encodeCsv, HEADERS, makeRows, toCsv } from '../fixtures/generate.js';

const FIX = path.resolve(import.meta.dirname, '..', 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'imports-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stream that hands out the bytes in small chunks, to cut multi-byte characters apart. */
function chunked(buf: Buffer, size: number): Readable {
  async function* gen() {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }
  return Readable.from(gen(), { objectMode: false });
}

const expectedRows = makeRows(30).map((g) => g.row);

async function expectFormatError(input: ImportInput, code: string, message?: RegExp | string) {
  const err = await readAllRows(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportFormatError);
  expect((err as ImportFormatError).code).toBe(code);
  if (message) expect((err as Error).message).toMatch(message);
  expect((err as Error).message).toMatch(/[\u4e00-\u9fa5]/u);
}

describe('CSV encodings', () => {
  it('UTF-8 with BOM (问卷星 default)', async () => {
    const o = await openRows({ filename: 'q.csv', path: path.join(FIX, 'questionnaire-utf8.csv') });
    expect(o.format).toBe('csv');
    expect(o.encoding).toBe('utf8');
    expect(o.delimiter).toBe(',');
    expect(o.headers).toEqual([...HEADERS]);
    expect(o.headers[0]).toBe('序号'); // BOM stripped
    const rows = [];
    for await (const r of o.rows) rows.push(r);
    expect(rows).toHaveLength(30);
    expect(rows[0]!.rowNumber).toBe(2);
    expect(rows.map((r) => r.cells)).toEqual(expectedRows);
  });

  it('GB18030/GBK as Excel saves it in China', async () => {
    const o = await openRows({ filename: 'q.csv', path: path.join(FIX, 'questionnaire-gbk.csv') });
    expect(o.encoding).toBe('gb18030');
    const rows = [];
    for await (const r of o.rows) rows.push(r.cells);
    expect(rows).toEqual(expectedRows);
  });

  it('UTF-8 without BOM', async () => {
    const buf = encodeCsv(toCsv(expectedRows), 'utf8');
    const { headers, rows } = await readAllRows({ filename: 'q.csv', stream: Readable.from([buf]) });
    expect(headers).toEqual([...HEADERS]);
    expect(rows.map((r) => r.cells)).toEqual(expectedRows);
  });

  it('UTF-16LE with BOM, tab-separated (Excel “Unicode 文本”)', async () => {
    const buf = encodeCsv(toCsv(expectedRows, { delimiter: '\t' }), 'utf16le-bom');
    const o = await openRows({ filename: 'q.txt', stream: chunked(buf, 1001) });
    expect(o.encoding).toBe('utf16le');
    expect(o.delimiter).toBe('\t');
    const rows = [];
    for await (const r of o.rows) rows.push(r.cells);
    expect(rows).toEqual(expectedRows);
  });

  it('tab-separated GBK', async () => {
    const buf = encodeCsv(toCsv(expectedRows, { delimiter: '\t' }), 'gb18030');
    const o = await openRows({ filename: 'q.tsv', stream: Readable.from([buf]) });
    expect([o.encoding, o.delimiter]).toEqual(['gb18030', '\t']);
  });

  it.each([1, 7, 4096])('decodes correctly when chunks split characters (%i-byte chunks)', async (size) => {
    for (const enc of ['utf8-bom', 'gb18030', 'utf16le-bom'] as const) {
      const buf = encodeCsv(toCsv(expectedRows.slice(0, 5)), enc);
      const { rows } = await readAllRows({ filename: 'q.csv', stream: chunked(buf, size) });
      expect(rows.map((r) => r.cells)).toEqual(expectedRows.slice(0, 5));
    }
  });

  it('handles quoted fields with commas, quotes and line breaks; row numbers follow records', async () => {
    const text = '姓名,需求描述,电话\r\n王秀英,"需要送餐，""每天""中午\r\n还要陪聊",="13912345678"\r\n\r\n李建国,修水管,13900000000\r\n';
    const { headers, rows } = await readAllRows({ filename: 'a.csv', stream: Readable.from([Buffer.from(text)]) });
    expect(headers).toEqual(['姓名', '需求描述', '电话']);
    expect(rows).toEqual([
      { rowNumber: 2, cells: { 姓名: '王秀英', 需求描述: '需要送餐，"每天"中午\r\n还要陪聊', 电话: '13912345678' } },
      { rowNumber: 4, cells: { 姓名: '李建国', 需求描述: '修水管', 电话: '13900000000' } },
    ]);
  });

  it('makes headers unique and keeps ragged rows', async () => {
    const text = '\n\n姓名,备注,备注,,电话\n张三,a,b,x,1\n李四\n王五,c,d,e,2,extra\n';
    const o = await openRows({ filename: 'a.csv', stream: Readable.from([Buffer.from(text)]) });
    expect(o.headerRow).toBe(3);
    expect(o.headers).toEqual(['姓名', '备注', '备注_2', '列4', '电话']);
    const rows = [];
    for await (const r of o.rows) rows.push(r);
    expect(rows[0]).toEqual({ rowNumber: 4, cells: { 姓名: '张三', 备注: 'a', 备注_2: 'b', 列4: 'x', 电话: '1' } });
    expect(rows[1]!.cells).toEqual({ 姓名: '李四', 备注: '', 备注_2: '', 列4: '', 电话: '' });
    expect(rows[2]!.cells['列6']).toBe('extra');
  });

  it('gives a row-count hint for files', async () => {
    const o = await openRows({ filename: 'q.csv', path: path.join(FIX, 'questionnaire-gbk.csv') });
    expect(o.totalRowsHint).toBe(30);
    o.close();
  });

  it('stops reading when the caller breaks out early', async () => {
    const source = Readable.from([encodeCsv(toCsv(expectedRows), 'utf8-bom')]);
    const o = await openRows({ filename: 'q.csv', stream: source });
    for await (const r of o.rows) {
      expect(r.rowNumber).toBe(2);
      break;
    }
    await new Promise((r) => setImmediate(r));
    expect(source.destroyed).toBe(true);
  });
});

describe('XLSX', () => {
  it('reads the first worksheet, converting typed cells to strings', async () => {
    const o = await openRows({ filename: 'q.xlsx', path: path.join(FIX, 'questionnaire.xlsx') });
    expect(o.format).toBe('xlsx');
    expect(o.headers).toEqual([...HEADERS]);
    const rows = [];
    for await (const r of o.rows) rows.push(r);
    expect(rows).toHaveLength(30);
    expect(rows[0]!.rowNumber).toBe(2);
    rows.forEach((r, i) => {
      const exp = expectedRows[i]!;
      // dates come back as naive ISO strings (the wall clock written in the file)
      const [d, t] = exp['提交答卷时间'].split(' ');
      const [y, mo, dd] = d!.split('/').map(Number);
      const [h, mi, s] = t!.split(':').map(Number);
      const pad = (n: number) => String(n).padStart(2, '0');
      expect(r.cells['提交答卷时间']).toBe(`${y}-${pad(mo!)}-${pad(dd!)}T${pad(h!)}:${pad(mi!)}:${pad(s!)}`);
      expect({ ...r.cells, 提交答卷时间: '' }).toEqual({ ...exp, 提交答卷时间: '' });
    });
    // numbers stored as numbers (phones!) come back without exponent; rich text is flattened; formulas give their result
    expect(rows[0]!.cells['2、联系电话']).toMatch(/^139\d{8}$/u);
    expect(rows[2]!.cells['9、需求描述']).toBe('父母在外地务工，孩子上三年级，由奶奶照看，需要作业辅导，放学后没人看管。');
    expect(rows[3]!.cells['6、家庭人口数']).toBe('2');
  });

  it('works from a stream and uses the first non-empty row as header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导出');
    ws.getCell('C3').value = '户主姓名';
    ws.getCell('D3').value = { richText: [{ text: '出生' }, { text: '日期' }] };
    ws.getCell('E3').value = '完成';
    ws.getCell('C4').value = '王秀英';
    ws.getCell('D4').value = new Date(Date.UTC(1945, 0, 8));
    ws.getCell('E4').value = true;
    ws.getCell('F4').value = 0.1 + 0.2;
    ws.getCell('C6').value = { text: '李建国', hyperlink: 'https://example.invalid/x' };
    ws.getCell('D6').value = { formula: 'DATE(1950,2,3)', result: 18297 } as ExcelJS.CellFormulaValue;
    ws.getCell('D6').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('E6').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    wb.addWorksheet('第二页').getCell('A1').value = '不读';
    const file = path.join(tmp, 'edge.xlsx');
    await wb.xlsx.writeFile(file);

    const o = await openRows({ filename: 'upload.bin', stream: chunked(readFileSync(file), 333) });
    expect(o.headerRow).toBe(3);
    expect(o.headers).toEqual(['户主姓名', '出生日期', '完成']);
    const rows = [];
    for await (const r of o.rows) rows.push(r);
    expect(rows).toEqual([
      { rowNumber: 4, cells: { 户主姓名: '王秀英', 出生日期: '1945-01-08', 完成: 'TRUE', 列6: '0.3' } },
      { rowNumber: 6, cells: { 户主姓名: '李建国', 出生日期: '1950-02-03', 完成: '#N/A' } },
    ]);
  });

  it('empty worksheet → no header error', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空');
    const file = path.join(tmp, 'empty.xlsx');
    await wb.xlsx.writeFile(file);
    await expectFormatError({ filename: 'empty.xlsx', path: file }, 'no_header');
  });
});

describe('bad files', () => {
  const bytes = (b: Buffer | string) => ({ filename: 'x', stream: Readable.from([Buffer.from(b)]) });

  it('empty file', async () => {
    await expectFormatError({ filename: 'a.csv', stream: Readable.from([]) }, 'empty_file', /文件为空/u);
  });

  it('images, PDFs and other binaries', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(200, 1)]);
    await expectFormatError(bytes(png), 'unknown_format', '无法识别的文件格式，请上传 CSV 或 XLSX 文件');
    await expectFormatError(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'unknown_format');
  });

  it('legacy .xls / encrypted workbooks', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expectFormatError({ filename: '导出.xls', stream: Readable.from([ole]) }, 'legacy_xls', /xlsx/u);
  });

  it('HTML disguised as .xls', async () => {
    await expectFormatError(bytes('<html><body><table><tr><td>姓名</td></tr></table></body></html>'), 'html');
  });

  it('a zip that is not a workbook, and a truncated workbook', async () => {
    const xlsx = readFileSync(path.join(FIX, 'questionnaire.xlsx'));
    await expectFormatError({ filename: 'q.xlsx', stream: Readable.from([xlsx.subarray(0, 3000)]) }, 'bad_xlsx');
    const wb = new ExcelJS.Workbook(); // a zip with no worksheet at all
    const file = path.join(tmp, 'nosheet.xlsx');
    await wb.xlsx.writeFile(file);
    const err = await readAllRows({ filename: 'n.xlsx', path: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFormatError);
    expect(['no_worksheet', 'bad_xlsx']).toContain((err as ImportFormatError).code);
  });

  it('unclosed quote', async () => {
    await expectFormatError(bytes('姓名,描述\n张三,"没有结束\n李四,好\n'), 'bad_csv', /引号/u);
  });

  it('missing file', async () => {
    await expectFormatError({ filename: 'a.csv', path: path.join(tmp, 'nope.csv') }, 'read_failed');
  });

  it('a file with only blank lines has no header', async () => {
    await expectFormatError(bytes('\r\n\r\n ,, \r\n'), 'no_header');
  });

  it('GBK text that happens to be short is still decoded', async () => {
    const buf = iconv.encode('姓名,电话\n张三,13912345678\n', 'gbk');
    const { rows } = await readAllRows({ filename: 'a.csv', stream: Readable.from([buf]) });
    expect(rows[0]!.cells).toEqual({ 姓名: '张三', 电话: '13912345678' });
  });
});

describe('fixtures are reproducible', () => {
  it('committed CSV fixtures equal what the generator makes', () => {
    const csv = toCsv(expectedRows);
    expect(readFileSync(path.join(FIX, 'questionnaire-utf8.csv')).equals(encodeCsv(csv, 'utf8-bom'))).toBe(true);
    expect(readFileSync(path.join(FIX, 'questionnaire-gbk.csv')).equals(encodeCsv(csv, 'gb18030'))).toBe(true);
  });
  it('GB18030 fixture is not valid UTF-8 and has no BOM', () => {
    const b = readFileSync(path.join(FIX, 'questionnaire-gbk.csv'));
    expect(b[0]).not.toBe(0xef);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(b)).toThrow();
  });
});

// keep the file writable check honest
writeFileSync(path.join(tmp, '.keep'), '');
