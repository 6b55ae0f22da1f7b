import { scopeIncludes, type Actor, type StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { allocationsIn, linkedResources, resourceOf, setResourceValue, type LinkedResourceDoc } from './repository.js';
import type { ResourceDoc } from '../resources/model.js';

/** The value in yuan of one unit of a resource: cash counts at face value; goods at the stated value per unit. */
export function unitValueYuan(r: Pick<ResourceDoc, 'kind' | 'quantity'>, statedTotal: number | undefined): number | null {
  if (r.quantity.unit === '元') return 1;
  if (r.quantity.unit === '万元') return 10_000;
  if (statedTotal === undefined || r.quantity.amount <= 0) return null;
  return statedTotal / r.quantity.amount;
}

/** "链接社会资源计11万元": yuan as a bureau writes them. */
export function formatYuan(yuan: number): string {
  if (yuan >= 10_000) return `${Math.round((yuan / 10_000) * 100) / 100}万元`;
  return `${Math.round(yuan).toLocaleString('en-US')}元`;
}

/** Sets a resource's total value: its charity, or staff of its county. */
export async function setValue(actor: Actor, resourceId: string, valueYuan: number): Promise<void> {
  const owner = actor.role === 'charity' ? { charityId: actor.subjectId ?? '-' } : { countyCode: actor.countyCode };
  const resource = await resourceOf(resourceId, owner);
  if (!resource) throw notFound('资源');
  await setResourceValue(resource.countyCode, resourceId, valueYuan, actor.userId);
}

/** Linked value per station within months: allocations received (valued) plus the station's own linked resources. */
export async function linkedValueByStation(
  scope: StationScope,
  months: string[],
): Promise<Map<string, { yuan: number; unvalued: number; fromAllocations: number; fromLinked: number }>> {
  const out = new Map<string, { yuan: number; unvalued: number; fromAllocations: number; fromLinked: number }>();
  const entry = (code: string) => out.get(code) ?? { yuan: 0, unvalued: 0, fromAllocations: 0, fromLinked: 0 };
  const { allocations, resources, values } = await allocationsIn(
    scope.countyCode,
    scope.kind === 'station' ? [scope.stationCode] : null,
    months,
  );
  for (const a of allocations) {
    const r = resources.get(a.resourceId);
    if (!r || !scopeIncludes(scope, a.stationCode)) continue;
    const unit = unitValueYuan(r, values.get(a.resourceId));
    const e = entry(a.stationCode);
    if (unit === null) e.unvalued += 1;
    else {
      e.yuan += unit * a.amount;
      e.fromAllocations += unit * a.amount;
    }
    out.set(a.stationCode, e);
  }
  const first = `${months[0]}-01`;
  const last = `${months[months.length - 1]}-31`;
  for (const l of await linkedResources.findAll(scope, {} as ScopedFilter<LinkedResourceDoc>)) {
    if (l.date < first || l.date > last) continue;
    const e = entry(l.stationCode);
    e.yuan += l.valueYuan;
    e.fromLinked += l.valueYuan;
    out.set(l.stationCode, e);
  }
  return out;
}
