import { needsChanged } from './list-coalescing.js';
import { Types } from 'mongoose';
import type { Actor, StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import type { NeedEventPayload, NeedUpdatedPayload } from '../contracts/events.js';
import { stationForCommunity } from '../households/community.js';
import { approximateLocation } from '../households/places.js';
import { households } from '../households/repository.js';
import type { HouseholdCreate } from '../households/schema.js';
import { createHousehold } from '../households/service.js';
import type { Location } from '../shared/geo.js';
import { conflict, notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { idOf, trusted } from '../shared/model.js';
import { withinScope, type Page } from '../shared/scoped-repository.js';
import { claimRevision, releaseRevision } from './claims.js';
import { STATUS_NAMES, allowedFrom, isEditable, type NeedStatus } from './lifecycle.js';
import { NO_DUE_DATE_MS, type NeedDoc } from './model.js';
import { buildNeedRecord, type NeedFields } from './record.js';
import { placeNames } from './people.js';
import { countOpenNeeds, pageOfNeeds, searchPattern, type SearchMatches } from './board-query.js';
import { needMirror, needRecords, needs } from './repository.js';
import { CLOSE_REASON_NAMES, URGENCY_RANK, type CloseReason, type NeedCreate, type NeedListQuery, type NeedPatch } from './schema.js';

/** The event payload of a need: no sensitive fields. */
function eventPayload(n: NeedDoc): NeedEventPayload {
  return {
    id: idOf(n),
    stationCode: n.stationCode,
    communityCode: n.communityCode,
    category: n.category,
    urgency: n.urgency,
    status: n.status,
    title: n.title,
  };
}

/** What a need.updated says besides the summary: the edited fields' names, or the status move. */
type NeedChange = Omit<NeedUpdatedPayload, keyof NeedEventPayload>;

async function announce(type: 'need.created' | 'need.updated', n: NeedDoc, change: NeedChange = {}): Promise<void> {
  // At once, not as a follow-up: a board read starting after this answer must not join an older one.
  needsChanged(n.stationCode);
  const event = { countyCode: n.countyCode, audience: { stationCodes: [n.stationCode] } };
  await publish(
    type === 'need.created' ? { type, ...event, payload: eventPayload(n) } : { type, ...event, payload: { ...eventPayload(n), ...change } },
  );
}

/** Where a new need belongs: its village, station, household (existing or to create) and place. */
interface Placement {
  communityCode: string;
  stationCode: string;
  householdId: string | null;
  location: Location;
}

/**
 * Checks everything about a new need's household and place before anything is written, so a refused
 * need never leaves a half-made household behind: the village of the need defaults to the household's,
 * the place to the household's location, else the village's approximate centre.
 */
async function placeNeed(scope: StationScope, input: NeedCreate): Promise<Placement & { newHousehold: HouseholdCreate | null }> {
  let household: { id: string | null; communityCode: string; location: Location | null } | null = null;
  if (input.householdId) {
    const found = await households.findOne(scope, { _id: input.householdId, archivedAt: null });
    if (!found) throw notFound('服务对象户');
    household = { id: String(found._id), communityCode: found.communityCode, location: found.location ?? null };
  } else if (input.household) {
    await stationForCommunity(scope, input.household.communityCode, 'household.village');
    household = { id: null, communityCode: input.household.communityCode, location: input.household.location ?? null };
  }
  const communityCode = input.communityCode ?? household?.communityCode;
  if (!communityCode) throw fieldError('communityCode', '请选择所在村(社区)');
  const station = await stationForCommunity(scope, communityCode);
  if (household && household.communityCode.slice(0, 9) !== station.code) {
    throw fieldError(input.household ? 'household.village' : 'householdId', '该户与需求不在同一社工站');
  }
  const location = input.location ?? household?.location ?? approximateLocation(communityCode);
  if (!location) throw fieldError('location', '该村(社区)没有登记位置，请填写需求地点');
  return {
    communityCode,
    stationCode: station.code,
    householdId: household?.id ?? null,
    location,
    newHousehold: input.household ?? null,
  };
}

/**
 * Records a need entered by hand (来访, 热线, 入户) and announces it; with `household`, the household is
 * created first (after every check of the need has passed).
 */
export async function createNeed(props: { scope: StationScope; actor: Actor; input: NeedCreate }): Promise<NeedDoc> {
  const { scope, actor, input } = props;
  const placed = await placeNeed(scope, input);
  let householdId = placed.householdId;
  if (placed.newHousehold) {
    const created = await createHousehold({ scope, by: actor.userId, input: placed.newHousehold });
    householdId = String(created._id);
  }
  const fields: NeedFields = {
    ...input,
    communityCode: placed.communityCode,
    location: placed.location,
    householdId,
  };
  const created = await needs.create(
    scope,
    placed.stationCode,
    buildNeedRecord(fields, { by: actor.userId, sourceKey: `api:${new Types.ObjectId().toHexString()}` }),
  );
  await announce('need.created', created);
  return created;
}

/**
 * Creates a need once per `sourceKey` within a station (survey answers, import rows): a replay of
 * the same key finds the existing need and creates nothing. Returns whether it was created.
 */
export async function ensureNeed(props: {
  scope: StationScope;
  stationCode: string;
  by: string;
  input: NeedFields;
  sourceKey: string;
  surveyResponseId?: string;
  importJobId?: string;
  /** Bulk imports announce progress instead of one need.created per row. */
  quiet?: boolean;
}): Promise<{ need: NeedDoc; created: boolean }> {
  const { scope, stationCode } = props;
  const record = buildNeedRecord(props.input, props);
  const result = await needRecords.ensure(scope, { ...record, countyCode: scope.countyCode, stationCode });
  if (result.created && !props.quiet) await announce('need.created', result.need);
  return result;
}

/**
 * Applies `update` to a need read at `current`, as the only writer of its next revision; null when
 * another writer got there first (the caller answers 409).
 */
async function writeNextRevision(
  scope: StationScope,
  current: NeedDoc,
  update: { $set: Record<string, unknown>; $push?: Record<string, unknown> },
): Promise<NeedDoc | null> {
  const id = idOf(current);
  const revision = current.revision ?? 0;
  const reread = async () => (await needs.get(scope, id)).revision ?? 0;
  if (!(await claimRevision(id, revision, reread))) return null;
  return needs.writeClaimed(current, { ...update, $set: { ...update.$set, revision: revision + 1 } });
}

/** One need within scope, or null. */
export function findNeed(scope: StationScope, id: string): Promise<NeedDoc | null> {
  return needs.tryGet(scope, id);
}

/** One need within scope, or 404. */
export async function getNeed(scope: StationScope, id: string): Promise<NeedDoc> {
  return needs.get(scope, id);
}

/** Edits a need's fields while it is still active; status changes go through transitionNeed. */
export async function updateNeed(props: { scope: StationScope; id: string; patch: NeedPatch }): Promise<NeedDoc> {
  const { scope, id, patch } = props;
  const current = await needs.get(scope, id);
  if (!isEditable(current.status)) throw conflict(`需求已${STATUS_NAMES[current.status]}，不能再修改`, { status: current.status });
  const set: Record<string, unknown> = { ...patch };
  if (patch.urgency) set.urgencyRank = URGENCY_RANK[patch.urgency];
  if (patch.schedule) {
    set.schedule = { ...patch.schedule, dueBy: patch.schedule.dueBy ?? null };
    set.dueMs = patch.schedule.dueBy ? patch.schedule.dueBy.getTime() : NO_DUE_DATE_MS;
  }
  const updated = await writeNextRevision(scope, current, { $set: set });
  if (!updated) throw conflict('需求刚被他人修改，请刷新后重试');
  await announce('need.updated', updated, { changed: Object.keys(patch) });
  return updated;
}

/**
 * A need move whose next revision this writer has claimed: it is the move's only writer until it writes
 * it (writeNeedMove) or gives it back (releaseNeedMove). Split from transitionNeed so a workflow can
 * claim it beside its other claims and write it beside its other writes.
 */
export interface NeedMove {
  readonly scope: StationScope;
  readonly current: NeedDoc;
  readonly to: NeedStatus;
  readonly update: { $set: Record<string, unknown>; $push: Record<string, unknown> };
}

/** The 409 of a move that is not allowed from `from`. */
function refuseMove(from: NeedStatus, to: NeedStatus) {
  return conflict(`需求当前为“${STATUS_NAMES[from]}”，不能变为“${STATUS_NAMES[to]}”`, { from, to, allowed: allowedFrom(from) });
}

/**
 * Claims the move of a need the caller read within `scope` to `to`: 409 listing the allowed moves when
 * it is not allowed, or (with the status now) when another writer claimed the need's next revision first.
 */
export async function claimNeedMove(props: {
  scope: StationScope;
  actor: Actor;
  current: NeedDoc;
  to: NeedStatus;
  note?: string;
  /** Fields written with the move (a close reason). */
  set?: Record<string, unknown>;
}): Promise<NeedMove> {
  const { scope, current, to } = props;
  if (!allowedFrom(current.status).includes(to)) throw refuseMove(current.status, to);
  const id = idOf(current);
  const revision = current.revision ?? 0;
  const reread = async () => (await needs.get(scope, id)).revision ?? 0;
  if (!(await claimRevision(id, revision, reread))) throw refuseMove((await needs.get(scope, id)).status, to);
  const entry = { at: new Date(), by: props.actor.userId, from: current.status, to, note: props.note ?? null };
  return { scope, current, to, update: { $set: { ...props.set, status: to, revision: revision + 1 }, $push: { history: entry } } };
}

/** Writes a claimed move (no event: the caller announces it). 404 when the need is gone. */
export async function writeNeedMove(move: NeedMove): Promise<NeedDoc> {
  const updated = await needs.writeClaimed(move.current, move.update);
  if (!updated) throw notFound('需求');
  return updated;
}

/**
 * Gives back a claimed move that will not be written. `landed: 'no'` when the caller knows nothing was
 * written; 'unknown' after a failed write (it may have landed before the error): then the claim is given
 * back only while the need is still at the revision the move started from.
 */
export async function releaseNeedMove(move: NeedMove, landed: 'no' | 'unknown'): Promise<void> {
  const id = idOf(move.current);
  const revision = move.current.revision ?? 0;
  if (landed === 'unknown') {
    const now = await needs.tryGet(move.scope, id);
    if (now && (now.revision ?? 0) !== revision) return;
  }
  await releaseRevision(id, revision);
}

/** Announces a written move (the board's lists and every subscriber hear of it). */
export function announceNeedMove(updated: NeedDoc, from: NeedStatus): Promise<void> {
  return announce('need.updated', updated, { from, to: updated.status });
}

/**
 * Moves a need to another status. Invalid moves answer 409 with the allowed targets. The write claims
 * the need's next revision (atomic unique insert) and then updates conditionally on the revision read,
 * so of two conflicting moves exactly one wins, even on FerretDB.
 */
export async function transitionNeed(props: {
  scope: StationScope;
  actor: Actor;
  id: string;
  to: NeedStatus;
  note?: string;
  /** Fields written with the move (a close reason). */
  set?: Record<string, unknown>;
  /** The need as the caller just read it within `scope` (saves reading it again). */
  current?: NeedDoc;
}): Promise<NeedDoc> {
  const { scope, id } = props;
  const current = props.current && idOf(props.current) === id ? props.current : await needs.get(scope, id);
  const move = await claimNeedMove({ ...props, current });
  const updated = await writeNeedMove(move);
  await announceNeedMove(updated, current.status);
  return updated;
}

/** Statuses from which a coordinator may close a need with a reason (an active assignment is cancelled first). */
const CLOSABLE: readonly NeedStatus[] = ['open', 'matching', 'fulfilled'];

/** Closes a need with a reason (met elsewhere, withdrawn, duplicate, unreachable); history keeps the reason. */
export async function closeNeed(props: {
  scope: StationScope;
  actor: Actor;
  id: string;
  reason: CloseReason;
  note?: string;
}): Promise<NeedDoc> {
  const current = await needs.get(props.scope, props.id);
  if (current.status === 'assigned' || current.status === 'in_progress') {
    throw conflict('需求已指派，请先取消指派再关闭', { status: current.status });
  }
  if (!CLOSABLE.includes(current.status)) {
    throw conflict(`需求已${STATUS_NAMES[current.status]}，不能关闭`, { status: current.status });
  }
  const label = CLOSE_REASON_NAMES[props.reason];
  return transitionNeed({
    scope: props.scope,
    actor: props.actor,
    id: props.id,
    to: 'closed',
    note: props.note ? `${label}：${props.note}` : label,
    set: { closeReason: props.reason },
  });
}

/** Reopens a closed need: it is open again and matched like a new one. */
export async function reopenNeed(props: { scope: StationScope; actor: Actor; id: string; note?: string }): Promise<NeedDoc> {
  const current = await needs.get(props.scope, props.id);
  if (current.status !== 'closed')
    throw conflict(`需求当前为“${STATUS_NAMES[current.status]}”，只有已关闭的需求可以重新打开`, { status: current.status });
  return transitionNeed({
    scope: props.scope,
    actor: props.actor,
    id: props.id,
    to: 'open',
    note: props.note ? `重新打开：${props.note}` : '重新打开',
    set: { closeReason: null },
  });
}

/** Digits of a search text when it reads as a phone number or its last digits (4 or more). */
const phoneDigits = (q: string): string | null => {
  const digits = q.replace(/[\s-]/gu, '');
  return /^\d{4,13}$/u.test(digits) ? digits : null;
};

/**
 * What a text search matches besides the need's own words: households by head name or phone (full, or
 * its last digits) and villages by name. The households are read only when there is a search (a
 * search is rare beside the board's plain loads; see the report of the board mirror).
 */
async function searchMatches(scope: StationScope, q: string): Promise<SearchMatches> {
  const pattern = searchPattern(q);
  const digits = phoneDigits(q);
  const [people, places] = await Promise.all([
    households.findAll(
      scope,
      {
        archivedAt: null,
        ...trusted({ $or: [{ headName: pattern }, ...(digits ? [{ phone: new RegExp(`${digits}$`, 'u') }] : [])] }),
      },
      500,
    ),
    placeNames(scope),
  ]);
  const villages = [...places.communityNames].filter(([, name]) => pattern.test(name)).map(([code]) => code);
  return { pattern, householdIds: new Set(people.map((h) => String(h._id))), communityCodes: new Set(villages) };
}

/** A county scope narrowed to one station when the query names one. */
const narrowTo = (scope: StationScope, stationCode?: string): StationScope =>
  stationCode && scope.kind === 'county' ? { kind: 'station', countyCode: scope.countyCode, stationCode } : scope;

/**
 * A page of needs matching the filters, in the requested order, with the total that match: filtered,
 * sorted and paged over the county's needs in memory (the needs mirror), no scan of the collection.
 */
export async function listNeeds(scope: StationScope, query: NeedListQuery): Promise<Page<NeedDoc> & { total: number }> {
  const narrowed = narrowTo(scope, query.stationCode);
  const [docs, search] = await Promise.all([needMirror.read(scope.countyCode), query.q ? searchMatches(narrowed, query.q) : undefined]);
  return pageOfNeeds(docs, narrowed, query, search);
}

/**
 * Needs of the scope by id, for read-only views (the board's suggestions, assignment cards): from the
 * county's needs mirror, with no round trip. Not for a write's own read: that reads the database.
 */
export async function needsForView(scope: StationScope, ids: readonly string[]): Promise<NeedDoc[]> {
  const docs = await needMirror.read(scope.countyCode);
  const out: NeedDoc[] = [];
  for (const id of new Set(ids)) {
    const need = docs.get(id);
    if (need && withinScope(need, scope)) out.push(need);
  }
  return out;
}

/** The board's true counts: open needs and urgent open needs (from the needs mirror). */
export async function boardCounts(scope: StationScope, stationCode?: string): Promise<{ open: number; urgent: number }> {
  return countOpenNeeds((await needMirror.read(scope.countyCode)).values(), narrowTo(scope, stationCode));
}
