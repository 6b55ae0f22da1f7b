import { createHash } from 'node:crypto';
import type { Actor, StationScope } from '../auth/actor.js';
import { stationForCommunity } from '../households/community.js';
import { AppError, conflict } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { logFailure } from '../shared/log-failure.js';
import { idOf } from '../shared/model.js';
import type { Page } from '../shared/scoped-repository.js';
import { applyResponse, locationFor, type Applied } from './apply.js';
import { interpretAnswers } from './interpret.js';
import type { ResponseDoc } from './model.js';
import { responseClaims, responses } from './repository.js';
import type { ResponseCreate } from './schema.js';
import { getTemplate } from './templates.js';

/** Stable key of a response's content, so submitting the same answers twice records them once. */
function responseKey(templateId: string, communityCode: string, answers: Record<string, unknown>): string {
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
  const unchanged = (response: ResponseDoc) => ({ response, created: false, householdCreated: false, needsCreated: 0 });

  // Identical submissions (a retry, a double tap, a flaky network resending) record the response once:
  // the first to claim its content key writes; the others answer with that first record.
  for (;;) {
    const existing = await responses.findOne(stationScope, { contentKey });
    if (existing) return unchanged(existing);
    if (await responseClaims.claim(station.code, contentKey)) break;
    const first = await awaitClaimedResponse(stationScope, contentKey);
    if (first) return unchanged(first);
  }

  try {
    const applied = await applyResponse({
      stationScope,
      communityCode: input.communityCode,
      by: actor.userId,
      interp: { ...interp, headName: interp.headName },
      rowKey: `survey:${contentKey}`,
      location,
      keyTarget: input.keyTarget,
    });
    const response = await responses.create(stationScope, station.code, {
      communityCode: input.communityCode,
      templateId: input.templateId,
      householdId: idOf(applied.household),
      needIds: applied.needs.map(idOf),
      answers: input.answers,
      contentKey,
      takenBy: actor.userId,
    });
    return { response, created: true, householdCreated: applied.householdCreated, needsCreated: applied.needsCreated };
  } catch (err) {
    // Give the claim up so that sending the response again records it.
    const claim = await responseClaims.find(station.code, contentKey);
    if (claim) await responseClaims.release(claim).catch(logFailure('releasing a survey response claim', { contentKey }));
    throw err;
  }
}

/** How long a submission waits for an identical one that is being recorded, and how often it looks. */
const CLAIM_WAIT_MS = 15_000;
const CLAIM_POLL_MS = 100;
/** A claim this old without its response belongs to a submission that died part-way: it is released. */
const STALE_CLAIM_MS = 120_000;

/**
 * Waits for the response whose content another submission claimed. Null when that claim is gone (its
 * holder failed, or was stale and is now released): the caller then tries to claim it itself.
 */
async function awaitClaimedResponse(scope: StationScope, contentKey: string): Promise<ResponseDoc | null> {
  const stationCode = scope.kind === 'station' ? scope.stationCode : '';
  const deadline = Date.now() + CLAIM_WAIT_MS;
  while (Date.now() < deadline) {
    const response = await responses.findOne(scope, { contentKey });
    if (response) return response;
    const claim = await responseClaims.find(stationCode, contentKey);
    if (!claim) return null;
    if (Date.now() - claim.createdAt.getTime() > STALE_CLAIM_MS) {
      await responseClaims.release(claim);
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
  throw conflict('同一份调查正在录入中，请稍后刷新查看');
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
  return responses.page(scope, filter, { limit: query.limit, cursor: query.cursor });
}
