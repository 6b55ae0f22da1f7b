import type { StationResult } from '../contracts/evaluation.js';
import type { Actor, StationScope } from '../auth/actor.js';
import { scopeIncludes } from '../auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { listStations } from '../stations/service.js';
import { registerBuiltinProviders } from './builtin-providers.js';
import { registerStationStatsProviders } from './station-stats-providers.js';
import { indicatorProvider, lastDayOf, monthsBetween, type ProviderContext } from './providers.js';
import {
  conclusions,
  latestCountyScheme,
  rounds,
  saveCountyScheme,
  scoreChanges,
  scoresOfRound,
  upsertScore,
  type ConclusionDoc,
  type RoundDoc,
  type RoundStatus,
  type ScoreChangeDoc,
  type ScoreDoc,
} from './repository.js';
import { DEFAULT_SCHEME, EvaluationSchemeSchema, scoreOf, starOf, type EvaluationScheme, type Indicator } from './scheme.js';

registerBuiltinProviders();
registerStationStatsProviders();

const stationScope = (countyCode: string, stationCode: string) => ({ kind: 'station' as const, countyCode, stationCode });

/** The scheme new rounds of a county use: its own newest, or the shipped default. */
export async function activeScheme(countyCode: string): Promise<EvaluationScheme> {
  return (await latestCountyScheme(countyCode))?.scheme ?? DEFAULT_SCHEME;
}

/** A county replaces the scheme (a new version; rounds already planned keep theirs). */
export async function replaceScheme(actor: Actor, input: unknown): Promise<EvaluationScheme> {
  const scheme = EvaluationSchemeSchema.parse(input);
  try {
    await saveCountyScheme({ countyCode: actor.countyCode, version: scheme.version, scheme, createdBy: actor.userId });
  } catch (err) {
    if ((await latestCountyScheme(actor.countyCode))?.version === scheme.version)
      throw conflict(`评估方案版本 ${scheme.version} 已存在，请使用新的版本号`);
    throw err;
  }
  return scheme;
}

export interface PlanInput {
  name: string;
  period: { from: string; to: string };
  stationCodes: string[];
  evaluators: Array<{ name: string; organisation?: string; userId?: string }>;
}

/** 制定计划: the period, the stations and the evaluators; the county's current scheme is frozen into the round. */
export async function planRound(actor: Actor, input: PlanInput): Promise<RoundDoc> {
  if (input.period.from > input.period.to) throw badRequest('period_reversed', '评估期开始月份不能晚于结束月份', { field: 'period' });
  const county: StationScope = { kind: 'county', countyCode: actor.countyCode };
  const known = new Set((await listStations(county)).map((s) => s.code));
  const unknown = input.stationCodes.filter((c) => !known.has(c));
  if (unknown.length) throw badRequest('unknown_station', '评估对象中有本县不存在的社工站', { field: 'stationCodes', codes: unknown });
  return rounds.create({
    countyCode: actor.countyCode,
    name: input.name,
    period: input.period,
    stationCodes: [...new Set(input.stationCodes)].sort(),
    evaluators: input.evaluators,
    scheme: await activeScheme(actor.countyCode),
    status: 'planned',
    revision: 0,
    history: [{ at: new Date(), by: actor.userId, from: null, to: 'planned' }],
    publishedAt: null,
    createdBy: actor.userId,
  });
}

/** A round the actor may read: the county admin any; a coordinator only a published round of their station. */
export async function readableRound(actor: Actor, id: string): Promise<RoundDoc> {
  const round = await rounds.get(actor.countyCode, id);
  if (!round) throw notFound('评估');
  if (actor.role === 'admin') return round;
  if (round.status === 'published' && actor.stationCode && round.stationCodes.includes(actor.stationCode)) return round;
  throw notFound('评估');
}

async function adminRound(actor: Actor, id: string): Promise<RoundDoc> {
  if (actor.role !== 'admin') throw forbidden('只有县级管理员（评估组织方）可以操作评估');
  const round = await rounds.get(actor.countyCode, id);
  if (!round) throw notFound('评估');
  return round;
}

/** Moves a round's status; one winner per move (revision claim), others get 409. */
async function move(actor: Actor, round: RoundDoc, from: RoundStatus[], to: RoundStatus, set: Partial<RoundDoc> = {}): Promise<RoundDoc> {
  if (!from.includes(round.status)) throw conflict(`评估当前状态为「${STATUS_NAMES[round.status]}」，不能进入「${STATUS_NAMES[to]}」`);
  if (round.status === to) return round;
  const won = await claimNextRevision('evaluation-round', String(round._id), round.revision, () => rounds.revisionOf(String(round._id)));
  if (!won) throw conflict('评估状态已被他人更新，请刷新后重试');
  const updated = await rounds.setStatus(
    round.countyCode,
    String(round._id),
    round.revision,
    { ...set, status: to },
    {
      at: new Date(),
      by: actor.userId,
      from: round.status,
      to,
    },
  );
  if (!updated) throw conflict('评估状态已被他人更新，请刷新后重试');
  return updated;
}

export const STATUS_NAMES: Record<RoundStatus, string> = {
  planned: '已制定计划',
  scoring: '评估中',
  reported: '已出具报告',
  published: '已公示',
};

function contextOf(round: RoundDoc, stationCode: string, name: string): ProviderContext {
  return {
    station: { code: stationCode, name, countyCode: round.countyCode },
    scope: stationScope(round.countyCode, stationCode),
    period: {
      from: round.period.from,
      to: round.period.to,
      months: monthsBetween(round.period.from, round.period.to),
      lastDay: lastDayOf(round.period.to),
    },
  };
}

async function recordChange(
  actor: Actor,
  round: RoundDoc,
  stationCode: string,
  ind: Indicator,
  before: ScoreDoc | null,
  after: { score: number; value: number | null },
  reason: string,
): Promise<void> {
  if (before && before.score === after.score && before.value === after.value) return;
  await scoreChanges.create(stationScope(round.countyCode, stationCode), stationCode, {
    roundId: String(round._id),
    indicatorId: ind.id,
    fromScore: before?.score ?? null,
    toScore: after.score,
    fromValue: before?.value ?? null,
    toValue: after.value,
    by: actor.userId,
    byName: actor.displayName,
    reason,
  });
}

/**
 * 开展评估 (computed part): fills every computed indicator that has a provider, for every station of
 * the round, and moves the round to scoring. Re-running recomputes (changes are recorded).
 */
export async function computeRound(actor: Actor, id: string): Promise<RoundDoc> {
  let round = await adminRound(actor, id);
  round = await move(actor, round, ['planned', 'scoring'], 'scoring');
  const names = new Map((await listStations({ kind: 'county', countyCode: round.countyCode })).map((s) => [s.code, s.name]));
  for (const stationCode of round.stationCodes) {
    const ctx = contextOf(round, stationCode, names.get(stationCode) ?? stationCode);
    for (const ind of round.scheme.indicators) {
      const provider = ind.source === 'computed' && ind.provider ? indicatorProvider(ind.provider) : undefined;
      if (!provider) continue;
      const { value, detail } = await provider(ctx);
      const score = value === null ? 0 : scoreOf(ind, value);
      const key = { countyCode: round.countyCode, stationCode, roundId: String(round._id), indicatorId: ind.id };
      const before = await upsertScore(key, {
        source: 'computed',
        value,
        score,
        detail: detail ?? null,
        note: null,
        evidence: [],
        updatedBy: actor.userId,
      });
      await recordChange(actor, round, stationCode, ind, before, { score, value }, '按业务记录自动计算');
    }
  }
  return round;
}

export interface ScoreInput {
  value?: number;
  score?: number;
  note?: string;
  evidence?: string[];
  reason?: string;
}

/** 开展评估 (evaluator part): an evaluator enters or corrects one indicator, with notes and evidence; every change says why. */
export async function enterScore(actor: Actor, id: string, stationCode: string, indicatorId: string, input: ScoreInput): Promise<ScoreDoc> {
  const round = await adminRound(actor, id);
  if (round.status !== 'scoring') throw conflict('只有评估中的评估可以录入评分');
  if (!round.stationCodes.includes(stationCode)) throw notFound('评估对象');
  const ind = round.scheme.indicators.find((i) => i.id === indicatorId);
  if (!ind) throw notFound('指标');
  let score: number;
  let value: number | null = null;
  if (ind.rule.kind === 'manual') {
    if (input.score === undefined) throw badRequest('score_required', `「${ind.name}」由评估人员直接评分，请填写得分`, { field: 'score' });
    if (input.score < 0 || input.score > ind.weight)
      throw badRequest('score_out_of_range', `得分应在 0 到 ${ind.weight} 之间`, { field: 'score' });
    score = input.score;
  } else {
    if (input.value === undefined)
      throw badRequest('value_required', `请填写「${ind.name}」的实际值（${ind.unit || '数值'}）`, { field: 'value' });
    value = input.value;
    score = scoreOf(ind, value);
  }
  const key = { countyCode: round.countyCode, stationCode, roundId: id, indicatorId };
  const existing = (await scoresOfRound(round.countyCode, id, [stationCode])).find((s) => s.indicatorId === indicatorId) ?? null;
  if (existing && !input.reason?.trim()) throw badRequest('reason_required', '修改已有评分时请说明理由', { field: 'reason' });
  await upsertScore(key, {
    source: 'entered',
    value,
    score,
    detail: existing?.source === 'computed' ? `系统计算值 ${existing.value ?? '—'}，评估人员更正` : null,
    note: input.note ?? null,
    evidence: input.evidence ?? [],
    updatedBy: actor.userId,
  });
  await recordChange(actor, round, stationCode, ind, existing, { score, value }, input.reason?.trim() || '评估人员评分');
  return (await scoresOfRound(round.countyCode, id, [stationCode])).find((s) => s.indicatorId === indicatorId)!;
}

/** The evaluator's conclusions for a station (replace). */
export async function setConclusion(
  actor: Actor,
  id: string,
  stationCode: string,
  input: { strengths: string[]; problems: string[]; suggestions: string[] },
): Promise<void> {
  const round = await adminRound(actor, id);
  if (round.status !== 'scoring') throw conflict('只有评估中的评估可以填写评估结论');
  if (!round.stationCodes.includes(stationCode)) throw notFound('评估对象');
  const scope = stationScope(round.countyCode, stationCode);
  const existing = await conclusions.findOne(scope, { roundId: id } as ScopedFilter<ConclusionDoc>);
  if (existing) await conclusions.update(scope, String(existing._id), { $set: { ...input, updatedBy: actor.userId } });
  else await conclusions.create(scope, stationCode, { roundId: id, ...input, updatedBy: actor.userId });
}

export type { IndicatorResult, StationResult } from '../contracts/evaluation.js';

const r2 = (x: number) => Math.round(x * 100) / 100;

/** 出具报告: per station, scores by group, total, star level, strengths, problems and suggestions. */
export async function roundResults(round: RoundDoc, onlyStation?: string): Promise<StationResult[]> {
  const codes = onlyStation ? [onlyStation] : round.stationCodes;
  const all = await scoresOfRound(round.countyCode, String(round._id), codes);
  const names = new Map((await listStations({ kind: 'county', countyCode: round.countyCode })).map((s) => [s.code, s.name]));
  const out: StationResult[] = [];
  for (const code of codes) {
    const mine = new Map(all.filter((s) => s.stationCode === code).map((s) => [s.indicatorId, s]));
    const indicators = round.scheme.indicators.map((ind) => {
      const s = mine.get(ind.id);
      return {
        id: ind.id,
        group: ind.group,
        name: ind.name,
        unit: ind.unit,
        weight: ind.weight,
        source: s ? s.source : ('missing' as const),
        value: s?.value ?? null,
        score: s?.score ?? 0,
        detail: s?.detail ?? null,
        note: s?.note ?? null,
        evidence: s?.evidence ?? [],
      };
    });
    const groups = round.scheme.groups.map((g) => {
      const list = indicators.filter((i) => i.group === g.id);
      return { id: g.id, name: g.name, score: r2(list.reduce((a, i) => a + i.score, 0)), max: r2(list.reduce((a, i) => a + i.weight, 0)) };
    });
    const total = r2(groups.reduce((a, g) => a + g.score, 0));
    const conclusion = await conclusions.findOne(stationScope(round.countyCode, code), {
      roundId: String(round._id),
    } as ScopedFilter<ConclusionDoc>);
    // Without the evaluator's words, the report still names what scored well and what fell short.
    const strong = indicators
      .filter((i) => i.source !== 'missing' && i.score >= i.weight * 0.9)
      .map((i) => `${i.name}（${i.score}/${i.weight} 分）`);
    const weak = indicators
      .filter((i) => i.source === 'missing' || i.score < i.weight * 0.6)
      .map((i) =>
        i.source === 'missing' ? `${i.name}：未评分` : `${i.name}（${i.score}/${i.weight} 分${i.detail ? `，${i.detail}` : ''}）`,
      );
    out.push({
      stationCode: code,
      stationName: names.get(code) ?? code,
      groups,
      total,
      max: r2(groups.reduce((a, g) => a + g.max, 0)),
      star: starOf(round.scheme, total),
      indicators,
      strengths: conclusion?.strengths.length ? conclusion.strengths : strong,
      problems: conclusion?.problems.length ? conclusion.problems : weak,
      suggestions: conclusion?.suggestions ?? [],
    });
  }
  return out;
}

/** 出具报告: every indicator of every station must be scored first. */
export async function issueReport(actor: Actor, id: string): Promise<RoundDoc> {
  const round = await adminRound(actor, id);
  const missing = (await roundResults(round)).flatMap((r) =>
    r.indicators.filter((i) => i.source === 'missing').map((i) => `${r.stationName}：${i.name}`),
  );
  if (missing.length && round.status === 'scoring') throw conflict(`还有 ${missing.length} 项指标未评分`, { missing });
  return move(actor, round, ['scoring', 'reported'], 'reported');
}

/** 结果公示: the stations see their results. */
export async function publishRound(actor: Actor, id: string): Promise<RoundDoc> {
  return move(actor, await adminRound(actor, id), ['reported', 'published'], 'published', { publishedAt: new Date() });
}

/** Rounds the actor may see: the admin all of the county; a coordinator the published rounds of their station. */
export async function listRounds(actor: Actor): Promise<RoundDoc[]> {
  if (actor.role === 'admin') return rounds.list(actor.countyCode);
  if (!actor.stationCode) return [];
  return (await rounds.list(actor.countyCode, actor.stationCode)).filter((r) => r.status === 'published');
}

/** The stations of a round the actor may see results of. */
export function visibleStations(actor: Actor, round: RoundDoc): string[] {
  if (actor.role === 'admin') return round.stationCodes;
  return round.stationCodes.filter((c) =>
    scopeIncludes({ kind: 'station', countyCode: actor.countyCode, stationCode: actor.stationCode ?? '-' }, c),
  );
}

/** Every score change of a round's station, oldest first. */
export async function changesOf(round: RoundDoc, stationCode: string): Promise<ScoreChangeDoc[]> {
  return scoreChanges.findAll(stationScope(round.countyCode, stationCode), { roundId: String(round._id) } as ScopedFilter<ScoreChangeDoc>);
}
