import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError, readAllRows } from '../../src/imports/parse.js';
import { checkXlsxLimits, XLSX_LIMITS, XlsxLimitError } from '../../src/imports/xlsx-limits.js';
import { noisyText, writeXlsx } from './big-xlsx.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'xlsx-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function refusal(file: string): Promise<ImportFormatError> {
  const err = await readAllRows({ filename: path.basename(file), path: file }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportFormatError);
  expect((err as ImportFormatError).code).toBe('too_large');
  expect((err as Error).message).toMatch(/[\u4e00-\u9fa5]/u);
  return err as ImportFormatError;
}

describe('XLSX limits: refused before exceljs reads the file', () => {
  it(`more than ${XLSX_LIMITS.rows} rows (a ~5 MB file of long answers)`, async () => {
    const file = path.join(tmp, 'rows.xlsx');
    await writeXlsx(file, XLSX_LIMITS.rows + 10, 1, (r) => noisyText(r + 1, 40));
    expect(statSync(file).size).toBeGreaterThan(3 * 1024 * 1024);
    expect((await refusal(file)).message).toMatch(/行/u);
  });

  it(`a row of more than ${XLSX_LIMITS.columns} cells`, async () => {
    const file = path.join(tmp, 'wide.xlsx');
    await writeXlsx(file, 2, XLSX_LIMITS.columns + 1, (r, c) => `${r}-${c}`);
    expect((await refusal(file)).message).toMatch(/列/u);
  });

  it(`a cell longer than ${XLSX_LIMITS.cellChars} characters`, async () => {
    const file = path.join(tmp, 'long-cell.xlsx');
    await writeXlsx(file, 1, 2, (_r, c) => (c === 1 ? 'x'.repeat(XLSX_LIMITS.cellChars * 7) : '王秀英'));
    expect((await refusal(file)).message).toMatch(/过长/u);
  });

  it('a file whose first rows are fine still reads (the limits are not the old behaviour by accident)', async () => {
    const file = path.join(tmp, 'fine.xlsx');
    await writeXlsx(file, 200, 5, (r, c) => `${r}:${c}`);
    const { rows } = await readAllRows({ filename: 'fine.xlsx', path: file });
    expect(rows).toHaveLength(200);
  });

  it('a cell at a column far beyond the limit is refused without growing an array to it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.getCell('A1').value = '户主姓名';
    ws.getCell('A2').value = '王秀英';
    ws.getCell(2, 16_000).value = '远处';
    const file = path.join(tmp, 'far.xlsx');
    await wb.xlsx.writeFile(file);
    await refusal(file);
  });
});

describe('XLSX limits on what the archive unpacks to (checked with lowered limits, so the test files stay small)', () => {
  const lowered = (over: Partial<typeof XLSX_LIMITS>) => ({ ...XLSX_LIMITS, ...over });
  const limitOf = (file: string, limits: typeof XLSX_LIMITS) =>
    checkXlsxLimits(file, limits).then(
      () => null,
      (e: unknown) => (e instanceof XlsxLimitError ? e.limit : e),
    );

  it('a shared-strings table with too many entries, or too many bytes', async () => {
    const file = path.join(tmp, 'strings.xlsx');
    await writeXlsx(file, 300, 2, (r, c) => `${r}-${c}-答案`);
    expect(await limitOf(file, lowered({ sharedStrings: 500 }))).toBe('sharedStrings');
    expect(await limitOf(file, lowered({ sharedStringsBytes: 4096 }))).toBe('sharedStringsBytes');
    expect(await limitOf(file, XLSX_LIMITS)).toBeNull();
  });

  it('an archive that inflates far beyond its size (a zip bomb) is stopped at the unpacked limit', async () => {
    const file = path.join(tmp, 'bomb.xlsx');
    await writeXlsx(file, 2_000, 20, () => '同一个回答同一个回答');
    const size = statSync(file).size;
    expect(await limitOf(file, lowered({ unpackedBytes: size * 4 }))).toBe('unpackedBytes');
  });
});
