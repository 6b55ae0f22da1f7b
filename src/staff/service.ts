import { narrowScope, type Actor, type StationScope } from '../auth/actor.js';
import { badRequest } from '../http/errors.js';
import { idOf } from '../shared/model.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { saveSite, siteOf, staff, stationDocuments, type SiteDoc, type StaffDoc, type StationDocumentDoc } from './repository.js';
import type { DocumentView, Site, StaffInput, StaffView } from './schema.js';
import { DEFAULT_EQUIPMENT, DocumentInputSchema, StaffPatchSchema } from './schema.js';
import type { z } from 'zod';

type StationOnly = StationScope & { kind: 'station' };

/** The scope of one station the actor may manage (its coordinator, or the county admin). */
export function stationScope(actor: Actor, stationCode: string): StationOnly {
  return narrowScope(actor, stationCode) as StationOnly;
}

export function presentStaff(s: StaffDoc): StaffView {
  return {
    id: idOf(s),
    stationCode: s.stationCode,
    name: s.name,
    role: s.role,
    certLevel: s.certLevel,
    startDate: s.startDate,
    practiceSince: s.practiceSince,
    endDate: s.endDate ?? null,
    fullTime: s.fullTime,
  };
}

export async function addStaff(actor: Actor, input: StaffInput): Promise<StaffDoc> {
  const scope = stationScope(actor, input.stationCode);
  const { stationCode, ...rest } = input;
  return staff.create(scope, stationCode, {
    ...rest,
    practiceSince: input.practiceSince ?? input.startDate,
    endDate: null,
    createdBy: actor.userId,
  });
}

export async function updateStaff(actor: Actor, id: string, patch: z.infer<typeof StaffPatchSchema>): Promise<StaffDoc> {
  const scope = narrowScope(actor);
  const updated = await staff.update(scope, id, { $set: patch });
  return updated ?? staff.get(scope, id);
}

/** The roster of a station; `on` (YYYY-MM-DD) keeps only those in post that day. */
export async function rosterOf(scope: StationScope, opts: { on?: string } = {}): Promise<StaffDoc[]> {
  const all = await staff.findAll(scope, {} as ScopedFilter<StaffDoc>);
  if (!opts.on) return all;
  const on = opts.on;
  return all.filter((s) => s.startDate <= on && (!s.endDate || s.endDate >= on));
}

export function presentSite(stationCode: string, s: SiteDoc | null): Site & { stationCode: string; updatedAt: string | null } {
  return {
    stationCode,
    officeAreaM2: s?.officeAreaM2 ?? 0,
    activityRooms: (s?.activityRooms ?? []).map((r) => ({ name: r.name, areaM2: r.areaM2 })),
    equipment: s
      ? s.equipment.map((e) => ({ item: e.item, present: e.present }))
      : DEFAULT_EQUIPMENT.map((item) => ({ item, present: false })),
    signage: s?.signage ?? false,
    updatedAt: s ? new Date(s.updatedAt).toISOString() : null,
  };
}

export async function getSite(actor: Actor, stationCode: string): Promise<SiteDoc | null> {
  return siteOf(stationScope(actor, stationCode));
}

export async function putSite(actor: Actor, stationCode: string, site: Site): Promise<SiteDoc> {
  return saveSite(stationScope(actor, stationCode), site, actor.userId);
}

export function presentDocument(d: StationDocumentDoc): DocumentView {
  return {
    id: idOf(d),
    stationCode: d.stationCode,
    kind: d.kind,
    title: d.title,
    adoptedOn: d.adoptedOn,
    reviewedOn: d.reviewedOn ?? null,
    reference: d.reference ?? null,
  };
}

export async function addDocument(actor: Actor, input: z.infer<typeof DocumentInputSchema>): Promise<StationDocumentDoc> {
  if (input.reviewedOn && input.reviewedOn < input.adoptedOn) {
    throw badRequest('review_before_adoption', '修订日期不能早于制定日期', { field: 'reviewedOn' });
  }
  const { stationCode, ...rest } = input;
  return stationDocuments.create(stationScope(actor, stationCode), stationCode, {
    ...rest,
    reviewedOn: rest.reviewedOn ?? null,
    reference: rest.reference ?? null,
    createdBy: actor.userId,
  });
}

/** Documents on file at a station; `on` keeps those adopted by that day. */
export async function documentsOf(scope: StationScope, opts: { on?: string } = {}): Promise<StationDocumentDoc[]> {
  const all = await stationDocuments.findAll(scope, {} as ScopedFilter<StationDocumentDoc>);
  return opts.on ? all.filter((d) => d.adoptedOn <= opts.on!) : all;
}

/** The site of a station for the evaluation providers (unscoped by person: the round's scope decides). */
export { siteOf };
