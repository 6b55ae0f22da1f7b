import type { StationScope } from '../auth/actor.js';
import { normaliseAddress, normaliseName } from '../imports/cells.js';
import { normalisePhone } from '../shared/phone.js';
import { listStations } from '../stations/service.js';
import { shortCommunityName } from './places.js';
import { conflict, notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { trusted } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { stationForCommunity } from './community.js';
import { logFailure } from '../shared/log-failure.js';
import { ensureVisitTask } from '../visits/tasks.js';
import type { HouseholdDoc } from './model.js';
import { households } from './repository.js';
import type { HouseholdCreate, HouseholdListQuery, HouseholdPatch } from './schema.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Records a household in the station owning its community. */
export async function createHousehold(props: {
  scope: StationScope;
  by: string;
  input: HouseholdCreate;
  sourceKey?: string;
}): Promise<HouseholdDoc> {
  const { scope, input } = props;
  const station = await stationForCommunity(scope, input.communityCode);
  const created = await households.create(scope, station.code, {
    ...input,
    phone: input.phone ?? null,
    nameKey: normaliseName(input.headName),
    addressKey: normaliseAddress(input.address),
    location: input.location ?? null,
    consent: input.consent ?? null,
    notes: input.notes ?? null,
    sourceKeys: props.sourceKey ? [props.sourceKey] : [],
    createdBy: props.by,
    archivedAt: null,
  });
  // A key target owes a visit this month from the moment it is flagged (issue 13).
  if (created.keyTarget)
    await ensureVisitTask(scope, String(created._id)).catch(logFailure('creating the visit task', { householdId: String(created._id) }));
  return created;
}

/** One live (not archived) household within scope, or 404. */
export async function getHousehold(scope: StationScope, id: string): Promise<HouseholdDoc> {
  const doc = await households.get(scope, id);
  if (doc.archivedAt) throw notFound('服务对象户');
  return doc;
}

/** Changes fields of a household; moving it to another community must stay within the station. */
export async function updateHousehold(props: { scope: StationScope; id: string; patch: HouseholdPatch }): Promise<HouseholdDoc> {
  const { scope, id, patch } = props;
  const current = await getHousehold(scope, id);
  if (patch.communityCode && patch.communityCode !== current.communityCode) {
    const station = await stationForCommunity(scope, patch.communityCode);
    if (station.code !== current.stationCode) {
      throw fieldError('communityCode', '只能改为本社工站内的村(社区)');
    }
  }
  const set: Record<string, unknown> = { ...patch };
  if (patch.headName) set.nameKey = normaliseName(patch.headName);
  if (patch.address) set.addressKey = normaliseAddress(patch.address);
  const updated = await households.update(scope, id, { $set: set }, { archivedAt: null });
  if (!updated) throw conflict('该户已归档，不能修改');
  if (patch.keyTarget && !current.keyTarget)
    await ensureVisitTask(scope, id).catch(logFailure('creating the visit task', { householdId: id }));
  return updated;
}

/** Archives a household (kept for history and audit; no longer listed). */
export async function archiveHousehold(scope: StationScope, id: string): Promise<void> {
  await getHousehold(scope, id);
  await households.update(scope, id, { $set: { archivedAt: new Date() } }, { archivedAt: null });
}

/** A page of live households matching the filters, newest first. */
export async function listHouseholds(scope: StationScope, query: HouseholdListQuery): Promise<Page<HouseholdDoc>> {
  const filter: ScopedFilter<HouseholdDoc> = { archivedAt: null };
  if (query.communityCode) filter.communityCode = query.communityCode;
  if (query.group) filter.groups = query.group;
  if (query.keyTarget !== undefined) filter.keyTarget = query.keyTarget;
  if (query.q) Object.assign(filter, trusted({ $or: await searchAlternatives(scope, query.q) }));
  return households.page(scope, filter, { limit: query.limit, cursor: query.cursor });
}

/**
 * What a search text may mean: digits are a phone (four of them: its last four digits, as people
 * remember it; seven or more: the whole number in any writing), anything else a name of the head or
 * a member, or a village of the station.
 */
async function searchAlternatives(scope: StationScope, q: string): Promise<Array<Record<string, unknown>>> {
  const digits = q.replace(/[\s\-()（）+]/gu, '');
  if (/^\d+$/u.test(digits)) {
    const full = digits.length >= 7 ? normalisePhone(q) : undefined;
    const phone = full?.ok ? new RegExp(`^${escapeRegex(full.value)}$`, 'u') : new RegExp(`${escapeRegex(digits)}$`, 'u');
    return [{ phone }, { 'members.phone': phone }];
  }
  const name = new RegExp(escapeRegex(normaliseName(q)), 'u');
  const alternatives: Array<Record<string, unknown>> = [{ nameKey: name }, { 'members.name': new RegExp(escapeRegex(q.trim()), 'u') }];
  const villages = (await listStations(scope))
    .flatMap((s) => s.communities)
    .filter((c) => shortCommunityName(c.name).includes(q.trim()))
    .map((c) => c.code);
  if (villages.length) alternatives.push({ communityCode: trusted({ $in: villages }) });
  return alternatives;
}

/**
 * The live household of a station that a survey answer or import row names: same normalised head
 * name and the same phone, or the same name and normalised address.
 */
export async function findMatchingHousehold(
  scope: StationScope,
  key: { name: string; phone?: string | null; address?: string | null },
): Promise<HouseholdDoc | null> {
  const alternatives: ScopedFilter<HouseholdDoc>[] = [];
  if (key.phone) alternatives.push({ phone: key.phone });
  if (key.address) alternatives.push({ addressKey: normaliseAddress(key.address) });
  if (alternatives.length === 0) return null;
  const filter: ScopedFilter<HouseholdDoc> = { nameKey: normaliseName(key.name), archivedAt: null, ...trusted({ $or: alternatives }) };
  return households.findOne(scope, filter);
}
