import { z } from 'zod';
import { maySeeSensitive, scopeOf, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { ASSIGNMENT_STATUS_LABELS } from '../assignments/lifecycle.js';
import { assignments as assignmentRepository } from '../assignments/repository.js';
import { presentCasesFor } from '../cases/presenter.js';
import { listCases } from '../cases/service.js';
import { STATUS_NAMES } from '../needs/lifecycle.js';
import { listNeeds } from '../needs/service.js';
import { categoryName } from '../needs/taxonomy.js';
import { listReferrals } from '../referrals/service.js';
import { REFERRAL_NAMES, TARGET_NAMES } from '../referrals/schema.js';
import { idOf } from '../shared/model.js';
import { listStations } from '../stations/service.js';
import { presentVisitRecordsFor } from '../visits/presenter.js';
import { listVisitRecords } from '../visits/service.js';
import { shortCommunityName } from './places.js';
import { presentHouseholdsFor } from './presenter.js';
import { HouseholdViewSchema } from './schema.js';
import { getHousehold } from './service.js';

const AssignmentLine = z.object({
  id: z.string(),
  candidate: z.object({ kind: z.string(), name: z.string() }),
  status: z.string(),
  statusName: z.string(),
  hours: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const NeedLine = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  categoryName: z.string().nullable(),
  urgency: z.string(),
  status: z.string(),
  statusName: z.string(),
  /** What became of it: the state in words, with the note of its last change (a close reason…). */
  outcome: z.string(),
  createdAt: z.string(),
  assignments: z.array(AssignmentLine),
});

/** The 服务对象档案: one household and everything the station did with it. */
export const HouseholdProfileSchema = z.object({
  household: HouseholdViewSchema,
  communityName: z.string().nullable(),
  needs: z.array(NeedLine),
  visits: z.array(
    z.object({
      id: z.string(),
      visitedAt: z.string(),
      mode: z.string(),
      visitorName: z.string(),
      note: z.string(),
      findings: z.record(z.string(), z.string()),
    }),
  ),
  referrals: z.array(
    z.object({
      id: z.string(),
      targetName: z.string(),
      request: z.string(),
      status: z.string(),
      statusName: z.string(),
      sentAt: z.string(),
      answerDueAt: z.string(),
      answer: z.string(),
      answeredAt: z.string().nullable(),
    }),
  ),
  cases: z.array(
    z.object({ id: z.string(), personName: z.string(), status: z.string(), openedAt: z.string(), closedAt: z.string().nullable() }),
  ),
});
export type HouseholdProfile = z.infer<typeof HouseholdProfileSchema>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const LIMIT = 200;

/**
 * Gathers a household's profile from the areas that own each part (needs, assignments, visits,
 * referrals, cases) through their query functions, so each keeps its own scope rules and presenters.
 * Sensitive parts are shown in full only to the station's coordinators and the county admin, audited.
 */
export async function householdProfile(actor: Actor, id: string, requestId?: string): Promise<HouseholdProfile> {
  const scope = scopeOf(actor);
  const doc = await getHousehold(scope, id);
  const full = maySeeSensitive(actor, doc.stationCode);
  const [household] = await presentHouseholdsFor(actor, [doc], requestId);

  const [needPage, visitPage, referralPage, casePage, stations] = await Promise.all([
    listNeeds(scope, { householdId: id, sort: '-createdAt', limit: LIMIT } as Parameters<typeof listNeeds>[1]),
    listVisitRecords(actor, scope, { householdId: id, limit: LIMIT }),
    listReferrals(scope, { householdId: id, limit: LIMIT }),
    listCases(scope, { householdId: id, limit: LIMIT }),
    listStations(scope),
  ]);
  // One query per need: a household has a handful of needs, and the assignments area lists by need.
  const assignments = (
    await Promise.all(needPage.items.map((n) => assignmentRepository.listInScope(scope, { needId: idOf(n), limit: 50 })))
  ).flat();
  const community = stations.flatMap((s) => s.communities).find((c) => c.code === doc.communityCode);

  const needs = needPage.items.map((n) => {
    const last = n.history?.at(-1);
    const statusName = STATUS_NAMES[n.status] ?? n.status;
    return {
      id: idOf(n),
      title: n.title,
      category: n.category ?? null,
      categoryName: categoryName(n.category) ?? null,
      urgency: n.urgency,
      status: n.status,
      statusName,
      outcome: last?.note && last.to === n.status ? `${statusName}：${last.note}` : statusName,
      createdAt: iso(n.createdAt)!,
      assignments: assignments
        .filter((a) => a.needId === idOf(n))
        .map((a) => ({
          id: idOf(a),
          candidate: { kind: a.candidate.kind, name: a.candidate.name },
          status: a.status,
          statusName: ASSIGNMENT_STATUS_LABELS[a.status] ?? a.status,
          hours: typeof (a as { hours?: unknown }).hours === 'number' ? (a as { hours: number }).hours : null,
          createdAt: iso((a as { createdAt?: Date }).createdAt) ?? iso(a._id.getTimestamp())!,
          updatedAt: iso((a as { updatedAt?: Date }).updatedAt) ?? iso(a._id.getTimestamp())!,
        })),
    };
  });

  const visits = (await presentVisitRecordsFor(actor, visitPage.items, requestId)).map((v) => ({
    id: v.id,
    visitedAt: v.visitedAt,
    mode: v.mode,
    visitorName: v.visitor.name,
    note: v.note,
    findings: v.findings,
  }));

  const referrals = referralPage.items.map((r) => ({
    id: idOf(r),
    targetName: r.target.name || TARGET_NAMES[r.target.kind],
    request: full ? r.request : '***',
    status: r.status,
    statusName: REFERRAL_NAMES[r.status],
    sentAt: iso(r.sentAt)!,
    answerDueAt: iso(r.answerDueAt)!,
    answer: full ? r.answer : r.answer ? '***' : '',
    answeredAt: iso(r.answeredAt),
  }));
  if (full && referrals.length)
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'referral',
      entityIds: referrals.map((r) => r.id),
      fields: ['request', 'answer'],
      stationCode: doc.stationCode,
      requestId,
    });

  const cases = (await presentCasesFor(actor, casePage.items, requestId)).map((c) => ({
    id: c.id,
    personName: c.personName,
    status: c.status,
    openedAt: String(c.openedAt),
    closedAt: c.closedAt ? String(c.closedAt) : null,
  }));

  return {
    household: household!,
    communityName: community ? shortCommunityName(community.name) : null,
    needs,
    visits,
    referrals,
    cases,
  };
}
