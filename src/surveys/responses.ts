import { createHash } from 'node:crypto';
import type { Actor, StationScope } from '../auth/actor.js';
import { stationForCommunity } from '../households/community.js';
import { AppError } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { idOf } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { applyResponse, locationFor, type Applied } from './apply.js';
import { interpretAnswers } from './interpret.js';
import { ResponseModel, responses, type ResponseDoc } from './model.js';
import type { ResponseCreate } from './schema.js';
import { getTemplate } from './templates.js';

/** Stable key of a response's content, so submitting the same answers twice records them once. */
export function responseKey(templateId: string, communityCode: string, answers: Record<string, unknown>): string {
  const sorted = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]]);
  return createHash('sha256')
    .update(JSON.stringify([templateId, communityCode, sorted]))
    .digest('hex');
}

/** A 400 listing every answer problem, each under `answers.<key>`. */
function answerProblems(problems: Array<{ key: string; reason: string }>): AppError {
  const err = fieldError(`answers.${problems[0]!.key}`, problems[0]!.reason);
  for (const p of problems.slice(1)) err.issues.push({ ...err.issues[0]!, path: ['answers', p.key], message: p.reason });
  return err;
}

/**
 * Records a household visit 入户调查: the answers create or update the household and produce its
 * needs list. Submitting the same answers again creates nothing and answers the first record.
 */
export async function recordResponse(props: {
  scope: StationScope;
  actor: Actor;
  input: ResponseCreate;
}): Promise<{ response: ResponseDoc; created: boolean } & Omit<Applied, 'household' | 'needs'>> {
  const { scope, actor, input } = props;
  const template = await getTemplate(scope, input.templateId);
  const station = await stationForCommunity(scope, input.communityCode);
  const interp = interpretAnswers(template.questions, input.answers);
  if (interp.problems.length) throw answerProblems(interp.problems);
  if (!interp.headName) throw fieldError('answers', '模板中没有户主姓名题，无法建立户档案');
  const location = locationFor(input.communityCode, input.location);
  if (!location) throw fieldError('location', '无法确定位置，请提供经纬度 location');

  const stationScope = { kind: 'station' as const, countyCode: scope.countyCode, stationCode: station.code };
  const contentKey = responseKey(input.templateId, input.communityCode, input.answers);
  const existing = await responses.findOne(stationScope, { contentKey } as ScopedFilter<ResponseDoc>);
  if (existing) return { response: existing, created: false, householdCreated: false, needsCreated: 0 };

  const applied = await applyResponse({
    stationScope,
    communityCode: input.communityCode,
    by: actor.userId,
    interp: { ...interp, headName: interp.headName },
    rowKey: `survey:${contentKey}`,
    location,
    keyTarget: input.keyTarget,
  });
  const doc = {
    communityCode: input.communityCode,
    templateId: input.templateId,
    householdId: idOf(applied.household),
    needIds: applied.needs.map(idOf),
    answers: input.answers,
    contentKey,
    takenBy: actor.userId,
  };
  try {
    const response = await responses.create(stationScope, station.code, doc);
    return { response, created: true, householdCreated: applied.householdCreated, needsCreated: applied.needsCreated };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const first = await ResponseModel.findOne({ stationCode: station.code, contentKey }).lean<ResponseDoc>();
    return { response: first!, created: false, householdCreated: false, needsCreated: 0 };
  }
}

/** One response within scope, or 404. */
export async function getResponse(scope: StationScope, id: string): Promise<ResponseDoc> {
  return responses.get(scope, id);
}

/** A page of responses, newest first. */
export async function listResponses(
  scope: StationScope,
  query: { householdId?: string; limit: number; cursor?: string },
): Promise<Page<ResponseDoc>> {
  const filter = query.householdId ? { householdId: query.householdId } : {};
  return responses.page(scope, filter as ScopedFilter<ResponseDoc>, { limit: query.limit, cursor: query.cursor });
}
