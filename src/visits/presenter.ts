import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { maskName } from '../households/presenter.js';
import { idOf } from '../shared/model.js';
import type { VisitRecordDoc, VisitTaskDoc } from './repository.js';
import type { VisitRecordViewT, VisitTaskViewT } from './schema.js';

/** Fields of a visit record only the station's staff (and the visitor) see in full. */
export const VISIT_SENSITIVE_FIELDS = ['note', 'location'];

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A visit task with its household's head name (full for the station's staff, masked otherwise). */
export function presentVisitTask(t: VisitTaskDoc, headName: string, full: boolean): VisitTaskViewT {
  return {
    id: idOf(t),
    stationCode: t.stationCode,
    householdId: t.householdId,
    communityCode: t.communityCode,
    headName: headName ? (full ? headName : maskName(headName)) : '',
    month: t.month,
    people: t.people ?? 1,
    status: t.status,
    assignee: t.assignee ? { kind: t.assignee.kind, id: t.assignee.id, name: t.assignee.name } : null,
    doneAt: iso(t.doneAt),
    recordId: t.recordId ?? null,
  };
}

/** Presents tasks for an actor, auditing the head names shown in full. */
export async function presentVisitTasksFor(
  actor: Actor,
  tasks: VisitTaskDoc[],
  names: Map<string, string>,
  requestId?: string,
): Promise<VisitTaskViewT[]> {
  const views = tasks.map((t) => presentVisitTask(t, names.get(t.householdId) ?? '', maySeeSensitive(actor, t.stationCode)));
  const byStation = new Map<string, string[]>();
  for (const t of tasks)
    if (maySeeSensitive(actor, t.stationCode)) byStation.set(t.stationCode, [...(byStation.get(t.stationCode) ?? []), t.householdId]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, { action: 'read_sensitive', entity: 'household', entityIds, fields: ['headName'], stationCode, requestId });
  }
  return views;
}

/** Whether an actor sees a record in full: the station's staff, and the volunteer who made the visit. */
function seesInFull(actor: Actor, r: VisitRecordDoc): boolean {
  return maySeeSensitive(actor, r.stationCode) || (actor.role === 'volunteer' && r.visitor.id === actor.subjectId);
}

export function presentVisitRecord(r: VisitRecordDoc, full: boolean): VisitRecordViewT {
  return {
    id: idOf(r),
    stationCode: r.stationCode,
    householdId: r.householdId,
    communityCode: r.communityCode,
    taskId: r.taskId ?? null,
    month: r.month,
    visitedAt: new Date(r.visitedAt).toISOString(),
    mode: r.mode,
    visitor: { kind: r.visitor.kind, id: r.visitor.id, name: r.visitor.name },
    byVolunteer: r.byVolunteer,
    findings: { health: r.findings.health, living: r.findings.living, safety: r.findings.safety, mood: r.findings.mood },
    note: full ? r.note : r.note ? '***' : '',
    location: full ? (r.location ?? null) : null,
    photos: full ? (r.photos ?? []) : [],
    followUps: (r.followUps ?? []).map((f) => ({ area: f.area, needId: f.needId, at: new Date(f.at).toISOString() })),
    masked: !full,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** Presents visit records for an actor; every record shown in full to a person is audited. */
export async function presentVisitRecordsFor(actor: Actor, records: VisitRecordDoc[], requestId?: string): Promise<VisitRecordViewT[]> {
  const views = records.map((r) => presentVisitRecord(r, seesInFull(actor, r)));
  const byStation = new Map<string, string[]>();
  for (const v of views) if (!v.masked) byStation.set(v.stationCode, [...(byStation.get(v.stationCode) ?? []), v.id]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'visit_record',
      entityIds,
      fields: VISIT_SENSITIVE_FIELDS,
      stationCode,
      requestId,
    });
  }
  return views;
}
