import { registerIndicatorProvider } from '../evaluation/providers.js';
import { registerReportIndicator, type MonthValue } from '../exports/report-workbook.js';
import { formatYuan, linkedValueByStation } from './value.js';

let registered = false;

/** The linked-resources value as a report row (元 per month) and as the evaluation's `resources.linkedValue`. */
export function registerValueIndicators(): void {
  if (registered) return;
  registered = true;
  registerReportIndicator({
    id: 'resources.linkedValue',
    label: '链接社会资源金额',
    unit: '元',
    async month(scope, month) {
      const by = await linkedValueByStation(scope, [month]);
      return new Map<string, MonthValue>([...by].map(([code, v]) => [code, { kind: 'count', value: v.yuan }]));
    },
  });
  registerIndicatorProvider('resources.linkedValue', async (ctx) => {
    const v = (await linkedValueByStation(ctx.scope, ctx.period.months)).get(ctx.station.code);
    const yuan = v?.yuan ?? 0;
    return { value: yuan, detail: `链接社会资源计${formatYuan(yuan)}${v?.unvalued ? `（另有 ${v.unvalued} 笔物资未估值）` : ''}` };
  });
}
