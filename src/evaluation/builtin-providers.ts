import { stationMetrics, type StationMetrics } from '../reports/service.js';
import { documentsOf, rosterOf } from '../staff/service.js';
import { siteOf } from '../staff/repository.js';
import { REQUIRED_MECHANISMS } from '../staff/schema.js';
import { registerIndicatorProvider, type ProviderContext } from './providers.js';

const YEAR_MS = 365.25 * 86_400_000;
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Staff in post on the period's last day. */
const inPost = (ctx: ProviderContext) => rosterOf(ctx.scope, { on: ctx.period.lastDay });
const professional = (s: { certLevel: string }) => s.certLevel !== '无';

async function monthly(ctx: ProviderContext): Promise<StationMetrics[]> {
  const out: StationMetrics[] = [];
  for (const month of ctx.period.months) out.push(...(await stationMetrics(ctx.scope, month)));
  return out;
}

function ratio(num: (m: StationMetrics) => number, den: (m: StationMetrics) => number, label: string) {
  return async (ctx: ProviderContext) => {
    const rows = await monthly(ctx);
    const n = rows.reduce((s, m) => s + num(m), 0);
    const d = rows.reduce((s, m) => s + den(m), 0);
    return d > 0 ? { value: n / d, detail: `${label} ${n} / ${d}` } : { value: null, detail: '评估期内无记录' };
  };
}

/** Providers for what the records hold today: roster, site, documents, matching and visit figures. */
export function registerBuiltinProviders(): void {
  registerIndicatorProvider('staff.professionalCount', async (ctx) => {
    const list = (await inPost(ctx)).filter((s) => s.role !== '站长' && professional(s));
    return { value: list.length, detail: `专业社工 ${list.length} 人：${list.map((s) => s.name).join('、') || '无'}` };
  });
  registerIndicatorProvider('staff.certifiedShare', async (ctx) => {
    // The 站长 is a township official holding the post concurrently: the 60% counts the station's workers.
    const workers = (await inPost(ctx)).filter((s) => s.role !== '站长');
    const certified = workers.filter((s) => s.certLevel !== '无').length;
    return workers.length
      ? { value: certified / workers.length, detail: `持证 ${certified} 人 / 工作人员 ${workers.length} 人` }
      : { value: 0, detail: '无在岗工作人员' };
  });
  registerIndicatorProvider('staff.supervisorYears', async (ctx) => {
    const end = new Date(`${ctx.period.lastDay}T00:00:00Z`).getTime();
    const years = (await inPost(ctx))
      .filter((s) => s.role === '督导')
      .map((s) => Math.floor(((end - new Date(`${s.practiceSince}T00:00:00Z`).getTime()) / YEAR_MS) * 10) / 10);
    const best = years.length ? Math.max(...years) : 0;
    return { value: best, detail: years.length ? `督导从业 ${best} 年` : '未配备督导' };
  });
  registerIndicatorProvider('staff.hasHead', async (ctx) => {
    const head = (await inPost(ctx)).find((s) => s.role === '站长');
    return { value: head ? 1 : 0, detail: head ? `站长：${head.name}` : '未配备站长' };
  });
  registerIndicatorProvider('site.officeArea', async (ctx) => {
    const site = await siteOf(ctx.scope);
    return site ? { value: site.officeAreaM2, detail: `办公场地 ${site.officeAreaM2} 平方米` } : { value: 0, detail: '未登记场地' };
  });
  registerIndicatorProvider('site.activityRooms', async (ctx) => {
    const rooms = (await siteOf(ctx.scope))?.activityRooms ?? [];
    return { value: rooms.length, detail: rooms.map((r) => `${r.name} ${r.areaM2}㎡`).join('、') || '无活动场地' };
  });
  registerIndicatorProvider('site.equipmentShare', async (ctx) => {
    const items = (await siteOf(ctx.scope))?.equipment ?? [];
    const have = items.filter((e) => e.present);
    return items.length
      ? { value: have.length / items.length, detail: `具备 ${have.length} / ${items.length} 项` }
      : { value: 0, detail: '未登记设备' };
  });
  registerIndicatorProvider('site.signage', async (ctx) => {
    const site = await siteOf(ctx.scope);
    return { value: site?.signage ? 1 : 0, detail: site?.signage ? '已挂牌' : '未挂牌' };
  });
  registerIndicatorProvider('documents.mechanisms', async (ctx) => {
    const kinds = new Set((await documentsOf(ctx.scope, { on: ctx.period.lastDay })).map((d) => d.kind));
    const present = REQUIRED_MECHANISMS.filter((k) => kinds.has(k));
    const missing = REQUIRED_MECHANISMS.filter((k) => !kinds.has(k));
    return {
      value: present.length / REQUIRED_MECHANISMS.length,
      detail: `在档 ${present.length} / ${REQUIRED_MECHANISMS.length} 项${missing.length ? `，缺：${missing.join('、')}` : ''}`,
    };
  });
  registerIndicatorProvider(
    'needs.matchRate',
    ratio(
      (m) => m.needsMatched,
      (m) => m.needsCreated,
      '已匹配 / 新增需求',
    ),
  );
  registerIndicatorProvider(
    'needs.fulfilmentRate',
    ratio(
      (m) => m.needsFulfilled,
      (m) => m.needsMatched,
      '已完成 / 已匹配需求',
    ),
  );
  registerIndicatorProvider(
    'visits.rate',
    ratio(
      (m) => m.keyTargetVisitsDone,
      (m) => m.keyTargetVisitsDue,
      '已探访 / 应探访户次',
    ),
  );
  registerIndicatorProvider('volunteers.hours', async (ctx) => {
    const hours = (await monthly(ctx)).reduce((s, m) => s + m.volunteerHours, 0);
    return { value: hours, detail: `志愿服务 ${hours} 小时` };
  });
}

export { pct };
