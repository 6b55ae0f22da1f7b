import type { Worksheet } from 'exceljs';

/** A value an export may put in a cell: text, numbers, dates, or nothing. */
export type ExportCell = string | number | Date | null | undefined;

/** Characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text value made safe to show: one that a spreadsheet could treat as a formula gets a leading
 * apostrophe. XLSX string cells are never evaluated, but a clerk who saves the sheet as CSV and opens
 * it again would run `=HYPERLINK(...)`; the apostrophe keeps it text in every tool.
 */
export function safeText(value: string): { text: string; escaped: boolean } {
  return FORMULA_START.test(value) ? { text: `'${value}`, escaped: true } : { text: value, escaped: false };
}

/**
 * Appends one row to a sheet: the single cell-writing path of every export. Strings never become
 * formulas; escaped cells are also formatted as text ('@').
 */
export function addSafeRow(sheet: Worksheet, values: ExportCell[]): void {
  const escapedAt: number[] = [];
  const cells = values.map((v, i) => {
    if (typeof v !== 'string') return v ?? null;
    const { text, escaped } = safeText(v);
    if (escaped) escapedAt.push(i + 1);
    return text;
  });
  const row = sheet.addRow(cells);
  for (const col of escapedAt) row.getCell(col).numFmt = '@';
  row.commit();
}
