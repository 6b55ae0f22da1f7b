import {
  allocate,
  buildIndex,
  explainExclusion,
  haversineKm,
  rankNeed,
  type MatchIndex,
  type MatchResult,
  type Pool,
} from '../../matchers/index.js';
import type { Actor, StationScope } from '../auth/actor.js';
import { assignments } from '../assignments/repository.js';
import { assignCandidate } from '../assignments/service.js';
import { publish, subscribe } from '../events/bus.js';
import type { DomainEvent, EventType } from '../events/types.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { timing } from '../http/server-timing.js';
import { toMatcherNeed } from '../needs/matcher-shape.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import type { NeedDoc } from '../needs/model.js';
import { needs } from '../needs/repository.js';
import { getNeed, needsForView } from '../needs/service.js';
import { logFailure } from '../shared/log-failure.js';
import { trusted } from '../shared/model.js';
import { getStation } from '../stations/service.js';
import type { SlotHint } from '../volunteers/slots.js';
import { indexFor } from './index-cache.js';

/** Whether a reason speaks for a candidate, against it, or only informs. */
export type ReasonTone = 'for' | 'against' | 'neutral';

/** A reason with its tone, so the console can mark what counts against a candidate. */
export type ToneReason = MatchResult['reasons'][number] & { tone: ReasonTone };

/** A ranked candidate with the name a coordinator recognises and the distance in kilometres. */
export interface Suggestion extends Omit<MatchResult, 'reasons'> {
  name: string;
  /** Great-circle distance from the need, rounded as in the reason's text (null when the candidate has no place). */
  distanceKm: number | null;
  reasons: ToneReason[];
}

function nameIn(pool: Pool, kind: MatchResult['kind'], id: string): string {
  if (kind === 'volunteer') return pool.volunteers.find((v) => v.id === id)?.name ?? id;
  if (kind === 'organisation') return pool.organisations.find((o) => o.id === id)?.name ?? id;
  return pool.resources.find((r) => r.id === id)?.title ?? id;
}

/** Where a candidate is: a volunteer's home, an organisation's service point, a resource's store. */
function placeOf(pool: Pool, kind: MatchResult['kind'], id: string): { lat: number; lng: number } | undefined {
  if (kind === 'volunteer') return pool.volunteers.find((v) => v.id === id)?.location;
  if (kind === 'organisation') {
    const o = pool.organisations.find((x) => x.id === id);
    return o && 'center' in o.coverage ? o.coverage.center : undefined;
  }
  return pool.resources.find((r) => r.id === id)?.location;
}

/**
 * Kilometres from the need to the candidate, rounded to 0.1 km the way the matcher writes them in a
 * reason ("距离 10.7 公里"), so the number in the header and in the reason are the same.
 * (The distance reason's `value` is a score in [0,1], not kilometres.)
 */
export function distanceKmOf(need: Pick<NeedDoc, 'location'>, place: { lat: number; lng: number } | undefined): number | null {
  if (!place) return null;
  return Math.round(haversineKm(need.location, place) * 10) / 10;
}

/** Rules whose low value only informs (no history with the household is not a fault). */
const NEUTRAL_WHEN_LOW: ReadonlySet<string> = new Set(['continuity']);

/** The tone of a reason from its value in [0,1]: high speaks for the candidate, low against. */
export function toneOf(r: { rule: string; value: number }): ReasonTone {
  if (r.value >= 0.6) return 'for';
  if (r.value < 0.3) return NEUTRAL_WHEN_LOW.has(r.rule) ? 'neutral' : 'against';
  return 'neutral';
}

function toSuggestion(pool: Pool, need: NeedDoc, r: MatchResult): Suggestion {
  return {
    ...r,
    name: nameIn(pool, r.kind, r.id),
    distanceKm: distanceKmOf(need, placeOf(pool, r.kind, r.id)),
    reasons: r.reasons.map((x) => ({ ...x, tone: toneOf(x) })),
  };
}

const stationScope = (n: Pick<NeedDoc, 'countyCode' | 'stationCode'>): StationScope => ({
  kind: 'station',
  countyCode: n.countyCode,
  stationCode: n.stationCode,
});

/** Ranked suggestions for a need, best first, each with its reasons. `widenKm` widens every service radius. */
export async function suggestionsFor(props: {
  scope: StationScope;
  needId: string;
  top: number;
  widenKm?: number;
  now?: Date;
}): Promise<Suggestion[]> {
  const now = props.now ?? new Date();
  // The need by its _id and its refusals in one filter query, side by side (the caller's scope bounds both).
  const [need, refused] = await Promise.all([getNeed(props.scope, props.needId), assignments.refusedCandidates(props.scope, props.needId)]);
  if (props.widenKm) {
    const { index, pool } = await widenedIndex(need, props.widenKm, now);
    return rankWith(index, pool, need, props.top, refused);
  }
  return rankFor(need, props.top, now, refused);
}

/**
 * Suggestions for several needs of the scope in one go (the board): needId → suggestions. The needs and
 * their refusals come from the county mirrors (no round trip); the ranking runs on the cached index.
 * Needs not found or outside the scope are left out.
 */
export async function suggestionsForMany(props: {
  scope: StationScope;
  needIds: string[];
  top: number;
  now?: Date;
}): Promise<Record<string, Suggestion[]>> {
  const now = props.now ?? new Date();
  const [found, refused] = await Promise.all([
    needsForView(props.scope, props.needIds),
    assignments.refusedByNeed(props.scope, [...new Set(props.needIds)]),
  ]);
  // Named in Server-Timing: the ranking is the request's CPU time, beside its database round trips.
  return timing('rank', async () => {
    const out: Record<string, Suggestion[]> = {};
    for (const need of found) {
      const { index, pool } = await indexFor(need.countyCode, need.stationCode, now);
      out[String(need._id)] = rankWith(index, pool, need, props.top, refused.get(String(need._id)) ?? new Set());
    }
    return out;
  });
}

function rankWith(index: MatchIndex, pool: Pool, need: NeedDoc, top: number, refused: ReadonlySet<string>): Suggestion[] {
  const ranked = rankNeed(index, toMatcherNeed(need), { top: top + refused.size });
  return ranked
    .filter((r) => !refused.has(`${r.kind}:${r.id}`))
    .slice(0, top)
    .map((r) => toSuggestion(pool, need, r));
}

/** The need's suggestions on the cached index; `refused` when the caller has read them already. */
async function rankFor(need: NeedDoc, top: number, now: Date, refused?: ReadonlySet<string>): Promise<Suggestion[]> {
  const [{ index, pool }, refusals] = await Promise.all([
    indexFor(need.countyCode, need.stationCode, now),
    refused ?? assignments.refusedCandidates(stationScope(need), String(need._id)),
  ]);
  return rankWith(index, pool, need, top, refusals);
}

/**
 * The county pool with every volunteer's service radius and every organisation's coverage radius
 * widened by `km`, indexed for one question (not cached: a coordinator's "search further").
 */
async function widenedIndex(need: NeedDoc, km: number, now: Date): Promise<{ index: MatchIndex; pool: Pool }> {
  const { pool, rules } = await indexFor(need.countyCode, need.stationCode, now);
  const wider: Pool = {
    ...pool,
    volunteers: pool.volunteers.map((v) => ({ ...v, radiusKm: v.radiusKm + km })),
    organisations: pool.organisations.map((o) =>
      'center' in o.coverage ? { ...o, coverage: { ...o.coverage, radiusKm: o.coverage.radiusKm + km } } : o,
    ),
  };
  return { index: buildIndex(wider, rules, now), pool: wider };
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

async function proposeAfterReturn(event: DomainEvent): Promise<void> {
  if (!RETURNING.has(event.type)) return;
  const { needId, stationCode, reason } = event.payload as { needId?: unknown; stationCode?: unknown; reason?: unknown };
  if (typeof needId !== 'string' || typeof stationCode !== 'string') return;
  const scope: StationScope = { kind: 'station', countyCode: event.countyCode, stationCode };
  const why = typeof reason === 'string' ? reason : event.type === 'assignment.escalated' ? '超时未回复' : '任务已结束';
  const label = event.type === 'assignment.declined' ? '婉拒' : event.type === 'assignment.cancelled' ? '取消' : '';
  // A follow-up of the event: it runs after the event is in the log (so the proposal follows the decline
  // on the board) and after the decline was answered; a failed proposal is logged, never the decline's.
  await proposeNextCandidate({ scope, needId, reason: label && !why.startsWith(label) ? `${label}：${why}` : why }).catch(
    logFailure('proposing the next candidate', { needId, event: event.type }),
  );
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
  const [need, refused] = await Promise.all([getNeed(props.scope, props.needId), assignments.refusedCandidates(props.scope, props.needId)]);
  const { pool, rules } = await indexFor(need.countyCode, need.stationCode, now);
  const item =
    props.kind === 'volunteer'
      ? pool.volunteers.find((v) => v.id === props.candidateId)
      : props.kind === 'organisation'
        ? pool.organisations.find((o) => o.id === props.candidateId)
        : pool.resources.find((r) => r.id === props.candidateId);
  if (!item) throw notFound('候选人（未审核、已过期或已用完的不在候选池中）');
  const exclusions = explainExclusion(toMatcherNeed(need), { kind: props.kind, item } as never, rules, now);
  const ranked = (await rankFor(need, 50, now, refused)).find((r) => r.kind === props.kind && r.id === props.candidateId);
  return {
    excluded: exclusions.length > 0,
    exclusions: exclusions.map((e) => ({ ...e, label: RULE_LABELS[e.rule] ?? e.rule })),
    rank: ranked ? { score: ranked.score, reasons: ranked.reasons } : null,
    distanceKm: distanceKmOf(need, placeOf(pool, props.kind, props.candidateId)),
  };
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

/** Chinese names of the hard rules, for counts and "why not". */
export const RULE_LABELS: Readonly<Record<string, string>> = {
  needKind: '需求类型不由此类候选承接',
  volunteerRadius: '超出服务半径',
  volunteerLoad: '在办任务已满',
  volunteerSchedule: '服务时间对不上',
  childSafeguarding: '缺少儿童服务资质',
  organisationCapacity: '本月名额已满',
  organisationCoverage: '不在服务范围内',
  resourceExpired: '已过期',
  resourceDepleted: '已发放完',
  resourceGroups: '对象类别不符',
  resourceCommunity: '村(社区)不在发放范围',
};

type Tagged =
  | { kind: 'volunteer'; item: Pool['volunteers'][number] }
  | { kind: 'organisation'; item: Pool['organisations'][number] }
  | { kind: 'resource'; item: Pool['resources'][number] };

function candidatesOf(pool: Pool): Tagged[] {
  return [
    ...pool.volunteers.map((item) => ({ kind: 'volunteer' as const, item })),
    ...pool.organisations.map((item) => ({ kind: 'organisation' as const, item })),
    ...pool.resources.map((item) => ({ kind: 'resource' as const, item })),
  ];
}

/** Why a need has few or no candidates: how many of the county's candidates each hard rule excluded. */
export interface CandidateCensus {
  /** Candidates in the county pool (approved volunteers with a place, organisations, resources left). */
  pool: number;
  /** Candidates no hard rule excludes (they may still be unrelated to the need). */
  eligible: number;
  /** Eligible ones the matcher proposes. */
  proposed: number;
  /** Candidates that declined the need or let it lapse before. */
  refused: number;
  /** Per hard rule (a candidate counts under each rule it breaks), most first. */
  byRule: Array<{ rule: string; label: string; count: number }>;
  /** What widening the search by `widenKm` would give. */
  widenKm: number;
  proposedIfWidened: number;
}

/**
 * Counts, over the whole county pool, the candidates each hard rule excludes for a need, and how many
 * would be proposed with every radius widened by `widenKm`: the answer to "why are there no candidates".
 */
export async function candidateCensus(props: {
  scope: StationScope;
  needId: string;
  widenKm: number;
  now?: Date;
}): Promise<CandidateCensus> {
  const now = props.now ?? new Date();
  const [need, refused] = await Promise.all([getNeed(props.scope, props.needId), assignments.refusedCandidates(props.scope, props.needId)]);
  const { pool, rules } = await indexFor(need.countyCode, need.stationCode, now);
  const matcherNeed = toMatcherNeed(need);
  const counts = new Map<string, number>();
  let eligible = 0;
  for (const c of candidatesOf(pool)) {
    const exclusions = explainExclusion(matcherNeed, c, rules, now);
    if (!exclusions.length) eligible++;
    for (const rule of new Set(exclusions.map((e) => e.rule))) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  const [proposed, wider] = await Promise.all([
    rankFor(need, 50, now, refused),
    props.widenKm > 0 ? widenedIndex(need, props.widenKm, now) : Promise.resolve(null),
  ]);
  const proposedIfWidened = wider ? rankWith(wider.index, wider.pool, need, 50, refused).length : proposed.length;
  return {
    pool: pool.volunteers.length + pool.organisations.length + pool.resources.length,
    eligible,
    proposed: proposed.length,
    refused: refused.size,
    byRule: [...counts].map(([rule, count]) => ({ rule, label: RULE_LABELS[rule] ?? rule, count })).sort((a, b) => b.count - a.count),
    widenKm: props.widenKm,
    proposedIfWidened,
  };
}

/** One candidate found by name, with whether it may take the need and, if not, which hard rules say no. */
export interface CandidateHit {
  kind: MatchResult['kind'];
  id: string;
  name: string;
  stationCode: string | null;
  distanceKm: number | null;
  eligible: boolean;
  exclusions: Array<{ rule: string; label: string; text: string }>;
}

/**
 * The county's volunteers, organisations and resources whose name (or skills) contain `q`, for a
 * coordinator who picks a candidate by hand: each says whether it may take the need and why not.
 */
export async function searchCandidates(props: {
  scope: StationScope;
  needId: string;
  q?: string;
  kind?: MatchResult['kind'];
  limit: number;
  now?: Date;
}): Promise<CandidateHit[]> {
  const now = props.now ?? new Date();
  const need = await getNeed(props.scope, props.needId);
  const { pool, rules } = await indexFor(need.countyCode, need.stationCode, now);
  const matcherNeed = toMatcherNeed(need);
  const q = props.q?.trim().toLowerCase() ?? '';
  const words = (c: Tagged): string[] =>
    c.kind === 'volunteer'
      ? [c.item.name, ...c.item.skills]
      : c.kind === 'organisation'
        ? [c.item.name, c.item.type]
        : [c.item.title, c.item.donor];
  const hits = candidatesOf(pool)
    .filter((c) => !props.kind || c.kind === props.kind)
    .filter((c) => !q || words(c).some((w) => w.toLowerCase().includes(q)))
    .map((c): CandidateHit => {
      const exclusions = explainExclusion(matcherNeed, c, rules, now).map((e) => ({ ...e, label: RULE_LABELS[e.rule] ?? e.rule }));
      return {
        kind: c.kind,
        id: c.item.id,
        name: c.kind === 'resource' ? c.item.title : c.item.name,
        stationCode: c.kind === 'volunteer' ? c.item.stationCode : null,
        distanceKm: distanceKmOf(need, placeOf(pool, c.kind, c.item.id)),
        eligible: exclusions.length === 0,
        exclusions,
      };
    });
  // The station's own first, then eligible ones, then the nearest.
  const own = (h: CandidateHit) => (h.stationCode === need.stationCode ? 0 : 1);
  hits.sort((a, b) => Number(b.eligible) - Number(a.eligible) || own(a) - own(b) || (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9));
  return hits.slice(0, props.limit);
}

/** What the live index knows of an eligible candidate that helps the assignment take its capacity. */
export interface EligibleCandidate {
  /** A volunteer's load (an organisation's month usage) and capacity: where its free slot likely is. */
  slotHint?: SlotHint;
}

/**
 * Refuses a hand-picked volunteer or organisation that a hard rule excludes, saying which rule (409 with
 * the exclusions); one outside the county pool (not approved, paused) is refused too. Resources are
 * allocated by hand as the coordinator sees fit: their quantity and expiry are checked when taken.
 */
export async function checkEligible(props: {
  scope: StationScope;
  needId: string;
  candidate: { kind: MatchResult['kind']; id: string };
  now?: Date;
  /** The need as the caller just read it within `scope` (saves reading it again). */
  need?: NeedDoc;
}): Promise<EligibleCandidate> {
  if (props.candidate.kind === 'resource') return {};
  const now = props.now ?? new Date();
  const need = props.need && String(props.need._id) === props.needId ? props.need : await getNeed(props.scope, props.needId);
  const { pool, rules } = await indexFor(need.countyCode, need.stationCode, now);
  const c = candidatesOf(pool).find((x) => x.kind === props.candidate.kind && x.item.id === props.candidate.id);
  if (!c) throw conflict('该候选不在可指派范围内（未审核、已停用、已过期或已用完）', { candidate: props.candidate });
  const exclusions = explainExclusion(toMatcherNeed(need), c, rules, now);
  if (exclusions.length) {
    throw conflict(`不能指派：${exclusions.map((e) => e.text).join('；')}`, {
      exclusions: exclusions.map((e) => ({ ...e, label: RULE_LABELS[e.rule] ?? e.rule })),
    });
  }
  if (c.kind === 'volunteer') return { slotHint: { active: c.item.active, maxActive: c.item.maxActive } };
  if (c.kind === 'organisation') return { slotHint: { active: c.item.usedThisMonth, maxActive: c.item.capacityPerMonth } };
  return {};
}
