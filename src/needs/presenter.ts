import type { Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { idOf } from '../shared/model.js';
import type { NeedDoc } from './model.js';
import type { NeedView } from './schema.js';

/** What clients see of a need (it carries no sensitive household fields). */
export function presentNeed(n: NeedDoc): NeedView {
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
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

/** Fields of a need that may describe a person's health or situation in free text. */
const SENSITIVE_NEED_FIELDS = ['title', 'description', 'groups'];

/**
 * One need as a person reads it in full (the detail page): its free text can hold health details, so
 * the read is audited like a household's sensitive fields.
 */
export async function presentNeedDetail(actor: Actor, n: NeedDoc, requestId?: string): Promise<NeedView> {
  await audit(actor, {
    action: 'read_sensitive',
    entity: 'need',
    entityIds: [idOf(n)],
    fields: SENSITIVE_NEED_FIELDS,
    stationCode: n.stationCode,
    requestId,
  });
  return presentNeed(n);
}
