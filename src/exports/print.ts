/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The print stylesheet of every printed record (dispatch sheet, evaluation report, certificate): A4,
 * Chinese fonts that exist on Windows, macOS and Linux offices, page numbers in the bottom margin.
 */
export const PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm 22mm; @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
:root { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 11pt; line-height: 1.6; color: #000; }
body { margin: 0 auto; max-width: 174mm; padding: 8mm 0; }
h1 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
.meta { text-align: center; color: #333; margin-bottom: 6mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; }
th, td { border: 0.6pt solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: bold; }
tr { break-inside: avoid; }
td.num { text-align: right; }
.sign { display: flex; justify-content: space-between; margin-top: 14mm; }
.sign span { min-width: 50mm; border-top: 0.6pt solid #000; padding-top: 1mm; text-align: center; }
.code { font-family: "Consolas", "Courier New", monospace; letter-spacing: 0.5pt; }
.station-report { break-before: page; }
.station-report:first-of-type { break-before: auto; }
@media screen { body { padding: 12mm; box-shadow: 0 0 4px #aaa; margin: 8mm auto; } .noprint { margin-bottom: 4mm; } }
@media print { .noprint { display: none; } }
`;

/** A complete printable page. */
export function printPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="data:,"><style>${PRINT_CSS}</style></head>
<body><p class="noprint">打印：使用浏览器的“打印”（Ctrl+P），纸张 A4。</p>
${body}
</body></html>`;
}

/** A two-column table of label/value pairs. */
export function fieldsTable(rows: Array<[string, unknown]>): string {
  return `<table>${rows.map(([k, v]) => `<tr><th style="width:32mm">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}
