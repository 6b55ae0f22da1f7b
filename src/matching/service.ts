import { explainExclusion, rankNeed, allocate, type MatchResult, type Pool } from '../../matchers/index.js';
import type { Actor, StationScope } from '../auth/actor.js';
import { AssignmentModel, type AssignmentStatus } from '../assignments/model.js';
import { assignCandidate, registerNextProposer } from '../assignments/service.js';
import { publish } from '../events/bus.js';
import { notFound } from '../http/errors.js';
import { toMatcherNeed } from '../needs/matcher-shape.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import { NeedModel, type NeedDoc } from '../needs/model.js';
import { getNeed } from '../needs/service.js';
import { trusted } from '../shared/model.js';
import { StationModel } from '../stations/model.js';
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

/** Candidates that already turned this need down (or let it lapse): not proposed again. */
async function refusedBy(needId: string): Promise<Set<string>> {
  const rows = await AssignmentModel.find(
    { needId, status: trusted({ $in: ['declined', 'expired'] as AssignmentStatus[] }) },
    { candidate: 1 },
  ).lean<Array<{ candidate: { kind: string; id: string } }>>();
  return new Set(rows.map((r) => `${r.candidate.kind}:${r.candidate.id}`));
}

/** Ranked suggestions for a need, best first, each with its reasons. */
export async function suggestionsFor(props: { scope: StationScope; needId: string; top: number; now?: Date }): Promise<Suggestion[]> {
  const now = props.now ?? new Date();
  const need = await getNeed(props.scope, props.needId);
  return rankFor(need, props.top, now);
}

async function rankFor(need: NeedDoc, top: number, now: Date): Promise<Suggestion[]> {
  const { index, pool } = await indexFor(need.countyCode, need.stationCode, now);
  const refused = await refusedBy(String(need._id));
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
  actor: Actor;
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

registerNextProposer(async (p) => {
  await proposeNextCandidate(p);
});

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
  const open = await NeedModel.find({
    countyCode: props.scope.countyCode,
    stationCode: props.stationCode,
    status: trusted({ $in: ['open', 'matching'] as NeedStatus[] }),
  }).lean<NeedDoc[]>();
  if (open.length === 0) return { needs: 0, proposed: 0, autoAssigned: 0 };
  const station = await StationModel.findOne({ code: props.stationCode }, { autoAssignMinScore: 1 }).lean<{
    autoAssignMinScore?: number | null;
  }>();
  const threshold = station?.autoAssignMinScore ?? null;
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
      }).catch(() => undefined);
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
