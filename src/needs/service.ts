import { Types } from 'mongoose';
import type { Actor, StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { stationForCommunity } from '../households/community.js';
import { households } from '../households/repository.js';
import { conflict, notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { idOf, trusted } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { claimRevision } from './claims.js';
import { STATUS_NAMES, allowedFrom, isEditable, type NeedStatus } from './lifecycle.js';
import { NO_DUE_DATE_MS, type NeedDoc } from './model.js';
import { buildNeedRecord, type NeedFields } from './record.js';
import { needRecords, needs } from './repository.js';
import { URGENCY_RANK, type NeedCreate, type NeedListQuery, type NeedPatch } from './schema.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** The event payload of a need: no sensitive fields. */
function eventPayload(n: NeedDoc): Record<string, unknown> {
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

async function announce(type: 'need.created' | 'need.updated', n: NeedDoc, extra: Record<string, unknown> = {}): Promise<void> {
  await publish({ type, countyCode: n.countyCode, audience: { stationCodes: [n.stationCode] }, payload: { ...eventPayload(n), ...extra } });
}

/** Checks the community and household of a new need and returns its station code. */
async function checkPlacement(scope: StationScope, input: Pick<NeedCreate, 'communityCode' | 'householdId'>): Promise<string> {
  const station = await stationForCommunity(scope, input.communityCode);
  if (input.householdId) {
    const household = await households.findOne(scope, { _id: input.householdId, archivedAt: null });
    if (!household) throw notFound('服务对象户');
    if (household.stationCode !== station.code) throw fieldError('householdId', '该户与需求不在同一社工站');
  }
  return station.code;
}

/** Records a need entered directly (hotline, walk-in, referral) and announces it. */
export async function createNeed(props: { scope: StationScope; actor: Actor; input: NeedCreate }): Promise<NeedDoc> {
  const { scope, actor, input } = props;
  const stationCode = await checkPlacement(scope, input);
  const created = await needs.create(
    scope,
    stationCode,
    buildNeedRecord(input, { by: actor.userId, sourceKey: `api:${new Types.ObjectId().toHexString()}` }),
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
  const when: ScopedFilter<NeedDoc> = revision === 0 ? { revision: trusted({ $in: [0, null] }) } : { revision };
  return needs.update(scope, id, { ...update, $set: { ...update.$set, revision: revision + 1 } }, when);
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
}): Promise<NeedDoc> {
  const { scope, actor, id, to } = props;
  const current = await needs.get(scope, id);
  const refuse = (from: NeedStatus) =>
    conflict(`需求当前为“${STATUS_NAMES[from]}”，不能变为“${STATUS_NAMES[to]}”`, { from, to, allowed: allowedFrom(from) });
  if (!allowedFrom(current.status).includes(to)) throw refuse(current.status);
  const entry = { at: new Date(), by: actor.userId, from: current.status, to, note: props.note ?? null };
  const updated = await writeNextRevision(scope, current, { $set: { status: to }, $push: { history: entry } });
  if (!updated) {
    const now = await needs.get(scope, id);
    throw refuse(now.status);
  }
  await announce('need.updated', updated, { from: current.status, to });
  return updated;
}

const SORTS = {
  createdAt: '_id',
  urgency: 'urgencyRank',
  dueBy: 'dueMs',
} as const;

/** A page of needs matching the filters, in the requested order. */
export async function listNeeds(scope: StationScope, query: NeedListQuery): Promise<Page<NeedDoc>> {
  const filter: ScopedFilter<NeedDoc> = {};
  if (query.status) filter.status = trusted({ $in: query.status });
  if (query.urgency) filter.urgency = trusted({ $in: query.urgency });
  if (query.category) filter.category = query.category;
  if (query.group) filter.groups = query.group;
  if (query.communityCode) filter.communityCode = query.communityCode;
  if (query.householdId) filter.householdId = query.householdId;
  if (query.q) {
    const re = new RegExp(escapeRegex(query.q), 'iu');
    filter.$or = [{ title: re }, { description: re }];
  }
  const narrowed: StationScope =
    query.stationCode && scope.kind === 'county'
      ? { kind: 'station', countyCode: scope.countyCode, stationCode: query.stationCode }
      : scope;
  const descending = query.sort.startsWith('-');
  const key = query.sort.replace(/^-/u, '') as keyof typeof SORTS;
  return needs.page(narrowed, filter, {
    sortField: SORTS[key],
    direction: descending ? -1 : 1,
    limit: query.limit,
    cursor: query.cursor,
  });
}
