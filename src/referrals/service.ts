import { z } from 'zod';
import type { Actor, StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { AppError, notFound } from '../http/errors.js';
import { liveHousehold } from '../households/repository.js';
import { cases } from '../cases/repository.js';
import { idOf, trusted } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { assertMove, writeNextRevision, type Lifecycle } from '../station-work/lifecycle.js';
import { referrals, type ReferralDoc, type ReferralStatus } from './repository.js';
import { REFERRAL_NAMES, TARGET_NAMES, type ReferralAnswer, type ReferralCreate, type ReferralListQuery } from './schema.js';

/** Days an office has to answer before the station is reminded (REFERRAL_ANSWER_DAYS, default 14). */
export const REFERRAL_ANSWER_DAYS: number = z.coerce
  .number()
  .int()
  .min(1)
  .max(90)
  .default(14)
  .parse(process.env.REFERRAL_ANSWER_DAYS ?? undefined);

export const REFERRAL_LIFECYCLE: Lifecycle<ReferralStatus> = {
  transitions: {
    sent: ['accepted', 'resolved', 'refused', 'no_answer'],
    // A late answer still closes the loop.
    no_answer: ['accepted', 'resolved', 'refused'],
    accepted: ['resolved', 'refused'],
    resolved: [],
    refused: [],
  },
  names: REFERRAL_NAMES,
};

async function announce(type: 'referral.sent' | 'referral.updated' | 'referral.overdue', r: ReferralDoc): Promise<void> {
  await publish({
    type,
    countyCode: r.countyCode,
    audience: { stationCodes: [r.stationCode] },
    payload: { id: idOf(r), stationCode: r.stationCode, householdId: r.householdId, target: r.target.name, status: r.status },
  });
}

/** Sends a referral to 民政办, 残联, 医保, 乡镇卫生院, 司法所 or a named organisation. */
export async function sendReferral(actor: Actor, scope: StationScope, body: z.infer<typeof ReferralCreate>): Promise<ReferralDoc> {
  const household = await liveHousehold(scope, body.householdId);
  if (!household) throw notFound('服务对象户');
  if (body.caseId) await cases.get(scope, body.caseId);
  const sentAt = body.sentAt ?? new Date();
  const created = await referrals.create(scope, household.stationCode, {
    householdId: body.householdId,
    communityCode: household.communityCode,
    caseId: body.caseId ?? null,
    target: { kind: body.target.kind, name: body.target.name ?? TARGET_NAMES[body.target.kind] },
    request: body.request,
    sentAt,
    answerDueAt: new Date(sentAt.getTime() + REFERRAL_ANSWER_DAYS * 86_400_000),
    status: 'sent',
    answer: '',
    answeredAt: null,
    remindedAt: null,
    history: [{ at: new Date(), by: actor.userId, from: null, to: 'sent', note: '' }],
    revision: 0,
    createdBy: actor.userId,
  });
  await announce('referral.sent', created);
  return created;
}

/** Records the answer and outcome of a referral. */
export async function answerReferral(
  actor: Actor,
  scope: StationScope,
  id: string,
  body: z.infer<typeof ReferralAnswer>,
): Promise<ReferralDoc> {
  const current = await referrals.get(scope, id);
  assertMove(REFERRAL_LIFECYCLE, '转介', current.status, body.to);
  const updated = await writeNextRevision(referrals, 'referral', scope, current, {
    $set: { status: body.to, answer: body.answer, answeredAt: new Date() },
    $push: { history: { at: new Date(), by: actor.userId, from: current.status, to: body.to, note: body.answer } },
  });
  await announce('referral.updated', updated);
  return updated;
}

export const getReferral = (scope: StationScope, id: string) => referrals.get(scope, id);

export function listReferrals(scope: StationScope, query: z.infer<typeof ReferralListQuery>): Promise<Page<ReferralDoc>> {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.householdId) filter.householdId = query.householdId;
  return referrals.page(scope, filter as ScopedFilter<ReferralDoc>, { limit: query.limit, cursor: query.cursor });
}

/**
 * The reminder job: referrals with no answer by their due date become "no answer" and the station is
 * reminded (once) by a referral.overdue event on its room. Each is moved as its next revision, so a concurrent answer wins cleanly.
 */
export async function remindUnansweredReferrals(now: Date): Promise<number> {
  const overdue = await referrals.unscoped.find({ status: 'sent', answerDueAt: trusted({ $lt: now }) }, { limit: 1000 });
  let reminded = 0;
  for (const r of overdue) {
    const scope: StationScope = { kind: 'station', countyCode: r.countyCode, stationCode: r.stationCode };
    try {
      const updated = await writeNextRevision(referrals, 'referral', scope, r, {
        $set: { status: 'no_answer', remindedAt: now },
        $push: { history: { at: now, by: 'system', from: 'sent', to: 'no_answer', note: `${REFERRAL_ANSWER_DAYS} 天未回复` } },
      });
      await announce('referral.overdue', updated);
      reminded++;
    } catch (err) {
      // Answered meanwhile (lost the revision claim: 409): nothing to remind.
      if (!(err instanceof AppError && err.status === 409)) throw err;
    }
  }
  return reminded;
}
