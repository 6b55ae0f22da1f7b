import { explainExclusion, rankNeed, allocate, type MatchResult, type Pool } from '../../matchers/index.js';
import type { Actor, StationScope } from '../auth/actor.js';
import { assignments } from '../assignments/repository.js';
import { assignCandidate } from '../assignments/service.js';
import { publish, subscribe } from '../events/bus.js';
import type { DomainEvent, EventType } from '../events/types.js';
import { AppError, notFound } from '../http/errors.js';
import { toMatcherNeed } from '../needs/matcher-shape.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import type { NeedDoc } from '../needs/model.js';
import { needs } from '../needs/repository.js';
import { getNeed } from '../needs/service.js';
import { logFailure } from '../shared/log-failure.js';
import { trusted } from '../shared/model.js';
import { getStation } from '../stations/service.js';
import { indexFor, rulesOfStation } from './index-cache.js';

/** A ranked candidate with the name a coordinator recognises. */
export interface Suggestion extends MatchResult {
  name: string;
  distanceKm: number | null;
}

function nameIn(pool: Pool, kind: MatchResult['kind'], id: string): string {
  if (kind === 'volunteer') return pool.volunteers.find((v) => v.id === id)?.name ?? id;
  if (kind === 'organisation') return pool.organisations.find((o) => o.id === id)?.name ?? id;
  return pool.resources.find((r) => r.id === id)?.title ?? id;
}

function distanceOf(r: MatchResult): number | null {
  const d = r.reasons.find((x) => x.rule === 'distance');
  return typeof d?.value === 'number' ? d.value : null;
}

const stationScope = (n: Pick<NeedDoc, 'countyCode' | 'stationCode'>): StationScope => ({
  kind: 'station',
  countyCode: n.countyCode,
  stationCode: n.stationCode,
});

/** Ranked suggestions for a need, best first, each with its reasons. */
export async function suggestionsFor(props: { scope: StationScope; needId: string; top: number; now?: Date }): Promise<Suggestion[]> {
  const now = props.now ?? new Date();
  const need = await getNeed(props.scope, props.needId);
  return rankFor(need, props.top, now);
}

async function rankFor(need: NeedDoc, top: number, now: Date): Promise<Suggestion[]> {
  const { index, pool } = await indexFor(need.countyCode, need.stationCode, now);
  const refused = await assignments.refusedCandidates(stationScope(need), String(need._id));
  const ranked = rankNeed(index, toMatcherNeed(need), { top: top + refused.size });
  return ranked
    .filter((r) => !refused.has(`${r.kind}:${r.id}`))
    .slice(0, top)
    .map((r) => ({ ...r, name: nameIn(pool, r.kind, r.id), distanceKm: distanceOf(r) }));
}

/** Proposes the best remaining candidate to the station's coordinators (after a decline or a timeout). */
export async function proposeNextCandidate(props: {
  scope: StationScope;
  needId: string;
  reason: string;
  now?: Date;
}): Promise<Suggestion | undefined> {
  const need = await getNeed(props.scope, props.needId);
  const [best] = await rankFor(need, 1, props.now ?? new Date());
  await publish({
    type: 'match.proposed',
    countyCode: need.countyCode,
    audience: { stationCodes: [need.stationCode] },
    payload: {
      needId: String(need._id),
      needTitle: need.title,
      reason: props.reason,
      candidate: best ? { kind: best.kind, id: best.id, name: best.name, score: best.score } : null,
      reasons: best?.reasons.map((r) => ({ rule: r.rule, text: r.text })) ?? [],
    },
  });
  return best;
}

/** Assignment events after which the need is back in the pool and wants its next-best candidate. */
const RETURNING: ReadonlySet<EventType> = new Set<EventType>(['assignment.declined', 'assignment.cancelled', 'assignment.escalated']);

function proposeAfterReturn(event: DomainEvent): void {
  if (!RETURNING.has(event.type)) return;
  const { needId, stationCode, reason } = event.payload as { needId?: unknown; stationCode?: unknown; reason?: unknown };
  if (typeof needId !== 'string' || typeof stationCode !== 'string') return;
  const scope: StationScope = { kind: 'station', countyCode: event.countyCode, stationCode };
  const why = typeof reason === 'string' ? reason : event.type === 'assignment.escalated' ? '超时未回复' : '任务已结束';
  const label = event.type === 'assignment.declined' ? '婉拒' : event.type === 'assignment.cancelled' ? '取消' : '';
  // After the publish that carried the event has reached every subscriber (the event log first), so
  // the proposal follows the decline on the board; a failed proposal is logged, never the decline's.
  setImmediate(() => {
    proposeNextCandidate({ scope, needId, reason: label && !why.startsWith(label) ? `${label}：${why}` : why }).catch(
      logFailure('proposing the next candidate', { needId, event: event.type }),
    );
  });
}
subscribe(proposeAfterReturn);

/** "Why not this candidate": the hard rules that exclude it, in Chinese. */
export async function explainCandidate(props: {
  scope: StationScope;
  needId: string;
  kind: MatchResult['kind'];
  candidateId: string;
  now?: Date;
}) {
  const now = props.now ?? new Date();
  const need = await getNeed(props.scope, props.needId);
  const { pool } = await indexFor(need.countyCode, need.stationCode, now);
  const item =
    props.kind === 'volunteer'
      ? pool.volunteers.find((v) => v.id === props.candidateId)
      : props.kind === 'organisation'
        ? pool.organisations.find((o) => o.id === props.candidateId)
        : pool.resources.find((r) => r.id === props.candidateId);
  if (!item) throw notFound('候选人（未审核、已过期或已用完的不在候选池中）');
  const rules = await rulesOfStation(need.stationCode);
  const exclusions = explainExclusion(toMatcherNeed(need), { kind: props.kind, item } as never, rules, now);
  const ranked = (await rankFor(need, 50, now)).find((r) => r.kind === props.kind && r.id === props.candidateId);
  return { excluded: exclusions.length > 0, exclusions, rank: ranked ? { score: ranked.score, reasons: ranked.reasons } : null };
}

/**
 * Re-matches a station's open needs as one batch under capacities (urgent first). Pairs scoring at
 * least the station's auto-assign threshold are assigned at once (when the station set one);
 * the rest are proposed to the coordinators, whose decision it stays.
 */
export async function rematchStation(props: {
  scope: StationScope;
  stationCode: string;
  now?: Date;
  /** Who acts for auto-assignments (the scheduled job's system actor). */
  actor?: Actor;
}): Promise<{ needs: number; proposed: number; autoAssigned: number }> {
  const now = props.now ?? new Date();
  const station = await getStation(props.scope, props.stationCode);
  const open = await needs.findAll(stationScope({ countyCode: station.countyCode, stationCode: station.code }), {
    status: trusted({ $in: ['open', 'matching'] as NeedStatus[] }),
  });
  if (open.length === 0) return { needs: 0, proposed: 0, autoAssigned: 0 };
  const threshold = station.autoAssignMinScore ?? null;
  let autoAssigned = 0;
  const { index, pool } = await indexFor(props.scope.countyCode, props.stationCode, now);
  const result = allocate(index, open.map(toMatcherNeed));
  for (const a of result.assignments) {
    const need = open.find((n) => String(n._id) === a.needId);
    if (props.actor && threshold !== null && a.score >= threshold && a.kind !== 'resource') {
      const done = await assignCandidate({
        actor: props.actor,
        scope: props.scope,
        needId: a.needId,
        candidate: { kind: a.kind, id: a.id },
        score: a.score,
        now,
      }).catch((err: unknown) => {
        // Taken by someone else meanwhile (409) is the normal outcome of a race; anything else is worth a log line.
        if (!(err instanceof AppError && err.status === 409)) logFailure('auto-assigning', { needId: a.needId })(err);
        return undefined;
      });
      if (done) {
        autoAssigned++;
        continue;
      }
    }
    await publish({
      type: 'match.proposed',
      countyCode: props.scope.countyCode,
      audience: { stationCodes: [props.stationCode] },
      payload: {
        needId: a.needId,
        needTitle: need?.title ?? '',
        reason: '批量重新匹配',
        candidate: { kind: a.kind, id: a.id, name: nameIn(pool, a.kind, a.id), score: a.score },
      },
    });
  }
  return { needs: open.length, proposed: result.assignments.length - autoAssigned, autoAssigned };
}
