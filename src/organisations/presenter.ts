import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { heldCount } from '../supply/repository.js';
import { maskPhone } from '../shared/phone.js';
import { monthOf } from '../shared/china-time.js';
import { organisationUsage } from './capacity.js';
import type { OrganisationDoc } from './model.js';
import type { OrganisationView } from './schema.js';

/** Presents an organisation with its usage in `month`; the phone is masked unless `fullPhone`. */
export function presentOrganisation(o: OrganisationDoc, opts: { fullPhone: boolean; used: number; month: string }): OrganisationView {
  return {
    id: String(o._id),
    stationCode: o.stationCode,
    name: o.name,
    type: o.type,
    categories: o.categories ?? [],
    description: o.description ?? '',
    coverage: o.coverage,
    capacityPerMonth: o.capacityPerMonth,
    usedThisMonth: opts.used,
    month: opts.month,
    contactName: o.contactName ?? null,
    contactPhone: (opts.fullPhone ? o.contactPhone : maskPhone(o.contactPhone)) ?? '',
    status: o.status,
    approved: o.approved,
    createdAt: new Date(o.createdAt).toISOString(),
  };
}

/** One organisation for an actor: its own account and the home station's staff see the phone (staff reads audited). */
export async function presentOrganisationFor(
  actor: Actor,
  o: OrganisationDoc,
  requestId?: string,
  now = new Date(),
): Promise<OrganisationView> {
  const own = actor.role === 'organisation' && actor.subjectId === String(o._id);
  const privileged = !own && maySeeSensitive(actor, o.stationCode);
  if (privileged) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'organisation',
      entityIds: [String(o._id)],
      fields: ['contactPhone'],
      stationCode: o.stationCode,
      requestId,
    });
  }
  const month = monthOf(now);
  return presentOrganisation(o, { fullPhone: own || privileged, used: await heldCount('organisation', String(o._id), month), month });
}

/** A list with masked phones and this month's usage. */
export async function presentOrganisationList(list: OrganisationDoc[], now = new Date()): Promise<OrganisationView[]> {
  const month = monthOf(now);
  const usage = await organisationUsage(
    list.map((o) => String(o._id)),
    month,
  );
  return list.map((o) => presentOrganisation(o, { fullPhone: false, used: usage.get(String(o._id)) ?? 0, month }));
}
