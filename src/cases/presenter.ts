import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { maskName } from '../households/presenter.js';
import { idOf } from '../shared/model.js';
import type { CaseDoc } from './repository.js';
import type { CaseViewT } from './schema.js';

/** Fields of a case that only the station's staff see in full. */
export const CASE_SENSITIVE_FIELDS = ['personName', 'summary', 'assessment', 'interventions.content', 'closure.outcome'];

const iso = (d: Date) => new Date(d).toISOString();
const hide = (s: string, full: boolean) => (full ? s : s ? '***' : '');

export function presentCase(c: CaseDoc, full: boolean): CaseViewT {
  return {
    id: idOf(c),
    stationCode: c.stationCode,
    householdId: c.householdId,
    communityCode: c.communityCode,
    personName: full ? c.personName : maskName(c.personName),
    source: { kind: c.source.kind, id: c.source.id ?? null },
    caseWorker: { id: c.caseWorker.id, name: c.caseWorker.name },
    status: c.status,
    summary: hide(c.summary, full),
    assessment: c.assessment
      ? {
          problems: hide(c.assessment.problems, full),
          strengths: hide(c.assessment.strengths, full),
          riskLevel: c.assessment.riskLevel,
          at: iso(c.assessment.at),
        }
      : null,
    plan: c.plan ? { goals: c.plan.goals.map((g) => ({ text: g.text, achieved: g.achieved ?? null, note: g.note ?? '' })) } : null,
    interventions: (c.interventions ?? []).map((i) => ({
      date: i.date,
      method: i.method,
      content: hide(i.content, full),
      minutes: i.minutes,
      by: { id: i.by.id, name: i.by.name },
    })),
    reviews: (c.reviews ?? []).map((r) => ({ at: iso(r.at), note: r.note })),
    closure: c.closure ? { reason: c.closure.reason, outcome: hide(c.closure.outcome, full), at: iso(c.closure.at) } : null,
    openedAt: iso(c.openedAt),
    closedAt: c.closedAt ? iso(c.closedAt) : null,
    masked: !full,
  };
}

/** Presents cases for an actor, auditing every case shown in full. */
export async function presentCasesFor(actor: Actor, docs: CaseDoc[], requestId?: string): Promise<CaseViewT[]> {
  const views = docs.map((c) => presentCase(c, maySeeSensitive(actor, c.stationCode)));
  const byStation = new Map<string, string[]>();
  for (const v of views) if (!v.masked) byStation.set(v.stationCode, [...(byStation.get(v.stationCode) ?? []), v.id]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, { action: 'read_sensitive', entity: 'case', entityIds, fields: CASE_SENSITIVE_FIELDS, stationCode, requestId });
  }
  return views;
}
