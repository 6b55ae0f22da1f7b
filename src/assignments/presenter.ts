import { z } from 'zod';
import { audit } from '../audit/audit.js';
import type { Actor, StationScope } from '../auth/actor.js';
import { households } from '../households/repository.js';
import { shortCommunityName } from '../households/places.js';
import type { NeedDoc } from '../needs/model.js';
import { needsForView } from '../needs/service.js';
import { idOf, isObjectId } from '../shared/model.js';
import { withinScope } from '../shared/scoped-repository.js';
import { getStation } from '../stations/service.js';
import { deidentify } from '../supply/deidentify.js';
import { DISCLOSED_STATUSES } from './lifecycle.js';
import type { AssignmentDoc } from './model.js';

/** What every party sees of an assignment; `beneficiary` only after acceptance, while active. */
export const AssignmentView = z.object({
  id: z.string(),
  needId: z.string(),
  stationCode: z.string(),
  communityCode: z.string(),
  communityName: z.string().nullable(),
  needCategory: z.string().nullable(),
  needTitle: z.string().nullable(),
  needDescription: z.string().nullable().describe('需求说明；接受任务前对志愿者/组织去标识（姓名、电话、门牌号已隐藏）'),
  schedule: z
    .object({
      kind: z.enum(['once', 'recurring']),
      windows: z.array(z.object({ day: z.number(), start: z.string(), end: z.string() })),
      dueBy: z.string().nullable(),
    })
    .nullable(),
  candidate: z.object({ kind: z.enum(['volunteer', 'organisation', 'resource']), id: z.string(), name: z.string() }),
  status: z.string(),
  score: z.number().nullable(),
  reasons: z.array(z.object({ rule: z.string(), text: z.string() })),
  approxDistanceKm: z.number().nullable(),
  quantity: z.object({ amount: z.number(), unit: z.string() }).nullable(),
  declineReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  hours: z.number().nullable(),
  feedback: z.string().nullable(),
  respondBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  beneficiary: z
    .object({
      name: z.string(),
      phone: z.string().nullable(),
      address: z.string(),
      location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
    })
    .nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

const BENEFICIARY_FIELDS = ['headName', 'phone', 'address', 'location'];

const stationOf = (a: AssignmentDoc): StationScope => ({ kind: 'station', countyCode: a.countyCode, stationCode: a.stationCode });

async function communityName(a: AssignmentDoc): Promise<string | null> {
  const station = await getStation(stationOf(a), a.stationCode);
  const c = station.communities.find((x) => x.code === a.communityCode);
  return c ? shortCommunityName(c.name) : null;
}

/**
 * Presents an assignment for an actor. Staged disclosure: the volunteer or organisation sees the
 * beneficiary's name, phone and exact address only after accepting and while the assignment is
 * active; before that, the category, the community and an approximate distance. Charities never
 * see beneficiaries. Every disclosure is audited.
 */
export async function presentAssignment(
  actor: Actor,
  a: AssignmentDoc,
  requestId?: string,
  /** The assignment's need, when the action just read or wrote it (saves reading it again). */
  known?: NeedDoc | null,
): Promise<AssignmentView> {
  // The assignment's own station: a county admin's or a responder's view reads the need where it lives.
  // Otherwise from the needs mirror (a list of cards read one need each: no round trip per card).
  const need =
    known && idOf(known) === a.needId && withinScope(known, stationOf(a))
      ? known
      : ((await needsForView(stationOf(a), [a.needId]))[0] ?? null);
  const isResponder = actor.role === 'volunteer' || actor.role === 'organisation';
  const isStaff = actor.role === 'coordinator' || actor.role === 'admin';
  let beneficiary: AssignmentView['beneficiary'] = null;
  const disclose = isResponder && a.candidate.kind !== 'resource' && DISCLOSED_STATUSES.includes(a.status);
  if ((disclose || isStaff) && need?.householdId && isObjectId(need.householdId)) {
    const h = await households.tryGet(stationOf(a), need.householdId);
    if (h) {
      beneficiary = { name: h.headName, phone: h.phone ?? null, address: h.address, location: h.location ?? need.location ?? null };
      await audit(actor, {
        action: disclose ? 'disclose' : 'read_sensitive',
        entity: 'household',
        entityIds: [idOf(h)],
        fields: BENEFICIARY_FIELDS,
        stationCode: a.stationCode,
        requestId,
      });
    }
  }
  // Before acceptance a responder reads the need's text de-identified (supply/deidentify.ts).
  let needTitle = actor.role === 'charity' ? null : (need?.title ?? null);
  let needDescription = actor.role === 'charity' ? null : (need?.description ?? null);
  if (isResponder && !disclose && need) {
    const h = need.householdId ? await households.tryGet(stationOf(a), need.householdId) : null;
    const known = { names: h ? [h.headName, ...(h.members ?? []).map((m) => m.name)] : [], address: h?.address };
    needTitle = needTitle === null ? null : deidentify(needTitle, known);
    needDescription = needDescription === null ? null : deidentify(needDescription, known);
  }
  return {
    id: idOf(a),
    needId: a.needId,
    stationCode: a.stationCode,
    communityCode: a.communityCode,
    communityName: await communityName(a),
    needCategory: a.needCategory ?? null,
    // Charities see the category only: a title may name the household's situation.
    needTitle,
    needDescription,
    schedule: need?.schedule
      ? {
          kind: need.schedule.kind,
          windows: (need.schedule.windows ?? []).map((w) => ({ day: w.day, start: w.start, end: w.end })),
          dueBy: need.schedule.dueBy ? new Date(need.schedule.dueBy).toISOString() : null,
        }
      : null,
    candidate: a.candidate,
    status: a.status,
    score: a.score ?? null,
    reasons: isStaff ? (a.reasons ?? []) : [],
    approxDistanceKm: a.approxDistanceKm ?? null,
    quantity: a.quantity ?? null,
    declineReason: a.declineReason ?? null,
    cancelReason: a.cancelReason ?? null,
    hours: a.hours ?? null,
    feedback: a.feedback ?? null,
    respondBy: a.status === 'pending' && a.escalateAt ? new Date(a.escalateAt).toISOString() : null,
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
    beneficiary,
  };
}
