import type { Actor } from '../auth/actor.js';
import { audit, auditReads } from '../audit/audit.js';
import { shortCommunityName } from '../households/places.js';
import { idOf } from '../shared/model.js';
import { maskPhone } from '../shared/phone.js';
import type { NeedDoc } from './model.js';
import { NO_CONTEXT, type NeedContext } from './people.js';
import type { NeedView } from './schema.js';

const villageName = (ctx: NeedContext, code: string): string | null => {
  const name = ctx.communityNames.get(code);
  return name ? shortCommunityName(name) : null;
};

/**
 * What clients see of a need. Needs are read by the station's coordinators and the county admin only;
 * with a context the view names the household (phone in full only when `fullPhone`, masked otherwise).
 */
export function presentNeed(n: NeedDoc, ctx: NeedContext = NO_CONTEXT, fullPhone = false): NeedView {
  const h = n.householdId ? ctx.households.get(n.householdId) : undefined;
  return {
    id: idOf(n),
    stationCode: n.stationCode,
    communityCode: n.communityCode,
    householdId: n.householdId ?? null,
    category: n.category ?? null,
    title: n.title,
    description: n.description ?? '',
    groups: n.groups ?? [],
    urgency: n.urgency,
    location: { lat: n.location.lat, lng: n.location.lng },
    schedule: {
      kind: n.schedule.kind,
      windows: (n.schedule.windows ?? []).map((w) => ({ day: w.day, start: w.start, end: w.end })),
      dueBy: n.schedule.dueBy ?? null,
    },
    skills: n.skills ?? [],
    quantity: n.quantity ? { amount: n.quantity.amount, unit: n.quantity.unit } : null,
    status: n.status,
    source: n.source,
    history: (n.history ?? []).map((h) => ({ at: h.at, by: h.by, from: h.from ?? null, to: h.to, note: h.note ?? null })),
    closeReason: n.closeReason ?? null,
    household: h
      ? {
          id: h.id,
          name: h.headName,
          phone: h.phone ? (fullPhone ? h.phone : maskPhone(h.phone)) : null,
          communityName: villageName(ctx, h.communityCode),
        }
      : null,
    communityName: villageName(ctx, n.communityCode),
    stationName: ctx.stationNames.get(n.stationCode) ?? null,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

/** Fields of a need that may describe a person's health or situation in free text. */
const SENSITIVE_NEED_FIELDS = ['title', 'description', 'groups'];

/**
 * One need as a person reads it in full (the detail page): its free text can hold health details and
 * it names the household with its phone, so the read is audited like a household's sensitive fields.
 */
export async function presentNeedDetail(actor: Actor, n: NeedDoc, ctx: NeedContext, requestId?: string): Promise<NeedView> {
  await audit(actor, {
    action: 'read_sensitive',
    entity: 'need',
    entityIds: [idOf(n)],
    fields: SENSITIVE_NEED_FIELDS,
    stationCode: n.stationCode,
    requestId,
  });
  const view = presentNeed(n, ctx, true);
  if (view.household) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'household',
      entityIds: [view.household.id],
      fields: ['headName', 'phone'],
      stationCode: n.stationCode,
      requestId,
    });
  }
  return view;
}

/** A page of needs for a person: household names shown (phones masked), the names' read audited. */
export async function presentNeedList(actor: Actor, docs: NeedDoc[], ctx: NeedContext, requestId?: string): Promise<NeedView[]> {
  const views = docs.map((n) => presentNeed(n, ctx, false));
  const named = views.filter((v) => v.household).map((v) => ({ id: v.household!.id, stationCode: v.stationCode }));
  await auditReads(actor, {
    entity: 'household',
    records: [...new Map(named.map((r) => [r.id, r])).values()],
    fields: ['headName'],
    requestId,
  });
  return views;
}
