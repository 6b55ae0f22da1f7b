import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { addSafeRow, type ExportCell } from './cells.js';

/** One column of an exported sheet. */
export interface ExportColumn {
  header: string;
  width?: number;
}

/** One sheet: title lines above the header, the columns, and the rows (streamed as they come). */
export interface ExportSheet {
  name: string;
  /** Lines above the header row (report title, period, station). */
  titleLines?: string[];
  columns: ExportColumn[];
  rows: AsyncIterable<ExportCell[]> | Iterable<ExportCell[]>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 5987 filename so Chinese names survive every browser. */
export function attachmentHeader(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Streams an XLSX to the response with exceljs' WorkbookWriter: rows are committed as they are
 * produced, so a register of 100,000 lines never sits in memory as a workbook. Returns the rows written.
 */
export async function streamXlsx(res: Response, filename: string, sheets: ExportSheet[]): Promise<number> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', attachmentHeader(filename));
  res.setHeader('Cache-Control', 'no-store');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  wb.creator = '五社联动资源匹配服务';
  let written = 0;
  for (const spec of sheets) {
    const sheet = wb.addWorksheet(spec.name);
    sheet.columns = spec.columns.map((c) => ({ width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
    for (const line of spec.titleLines ?? []) addSafeRow(sheet, [line]);
    addSafeRow(
      sheet,
      spec.columns.map((c) => c.header),
    );
    for await (const row of spec.rows) {
      addSafeRow(sheet, row);
      written++;
    }
    sheet.commit();
  }
  await wb.commit();
  return written;
}
