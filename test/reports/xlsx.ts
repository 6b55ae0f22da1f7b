import ExcelJS from 'exceljs';
import type { Response } from 'superagent';

/** A binary supertest parser: collects the body as a Buffer. */
export function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Every row of the first sheet as plain values (index 0 = first row). */
export async function readSheet(body: Buffer, name?: string): Promise<{ sheetName: string; rows: unknown[][]; numFmts: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = name ? wb.getWorksheet(name) : wb.worksheets[0];
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  const numFmts: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
    const fmts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => fmts.push(cell.numFmt ?? ''));
    numFmts.push(fmts);
  });
  return { sheetName: sheet.name, rows, numFmts };
}

/** The text of every cell, for the sensitive-data scan. */
export const allText = (rows: unknown[][]) => rows.map((r) => r.map((c) => String(c ?? '')).join('\t')).join('\n');

/** A full mainland mobile number or an 18-character ID number anywhere in the text. */
export const FULL_PHONE = /1[3-9]\d{9}/;
export const FULL_ID = /\d{17}[\dXx]/;
