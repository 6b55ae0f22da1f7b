/**
 * Writes oversized XLSX files for the limit tests with exceljs's streaming writer, so the test itself
 * never holds the workbook in memory.
 */
import ExcelJS from 'exceljs';

/** Deterministic text that compresses poorly (as real answers do), `chars` Chinese characters long. */
export function noisyText(seed: number, chars: number): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < chars; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += String.fromCharCode(0x4e00 + ((x >>> 0) % 3000));
  }
  return out;
}

/** A questionnaire-like sheet: a header row, then `rows` rows of `cols` cells produced by `cell`. */
export async function writeXlsx(file: string, rows: number, cols: number, cell: (row: number, col: number) => string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('答卷数据');
  ws.addRow(Array.from({ length: cols }, (_v, c) => (c === 0 ? '1、户主姓名' : `第${c + 1}列`))).commit();
  for (let r = 0; r < rows; r++) ws.addRow(Array.from({ length: cols }, (_v, c) => cell(r, c))).commit();
  ws.commit();
  await wb.commit();
}
