import type { z } from 'zod';
import { scopeIncludes, type Actor, type StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { idOf } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { assertMove, writeNextRevision, type Lifecycle } from '../station-work/lifecycle.js';
import { volunteers } from '../volunteers/repository.js';
import { activities, type ActivityDoc, type ActivityStatus } from './repository.js';
import { ACTIVITY_NAMES, type ActivityCreate, type ActivityListQuery, type ActivityTransition } from './schema.js';

export const ACTIVITY_LIFECYCLE: Lifecycle<ActivityStatus> = {
  transitions: { planned: ['held', 'cancelled'], held: [], cancelled: [] },
  names: ACTIVITY_NAMES,
};

/** Records a community activity; volunteers must be of the county (names read from their profiles). */
export async function createActivity(actor: Actor, scope: StationScope, body: z.infer<typeof ActivityCreate>): Promise<ActivityDoc> {
  // A named station outside the scope answers 404 like any record out of scope.
  const stationCode = body.stationCode ?? (scope.kind === 'station' ? scope.stationCode : undefined);
  if (!stationCode) throw badRequest('station_required', '请选择社工站');
  if (!scopeIncludes(scope, stationCode)) throw notFound('社工站');
  const ids = body.volunteers.map((v) => v.volunteerId);
  const county: StationScope = { kind: 'county', countyCode: scope.countyCode };
  const found = await volunteers.getMany(county, ids);
  const names = new Map(found.map((v) => [idOf(v), v.name]));
  const unknown = ids.filter((i) => !names.has(i));
  if (unknown.length) throw badRequest('unknown_volunteer', '志愿者不存在', { volunteerIds: unknown });
  const created = await activities.create(scope, stationCode, {
    title: body.title,
    date: body.date,
    month: body.date.slice(0, 7),
    place: body.place,
    kind: body.kind,
    organisers: body.organisers.map((o) => ({ kind: o.kind, name: o.name, id: o.id ?? null })),
    participants: Math.max(body.participants, body.signIns.length),
    signIns: body.signIns,
    volunteers: body.volunteers.map((v) => ({
      volunteerId: v.volunteerId,
      name: names.get(v.volunteerId)!,
      hours: v.hours,
      confirmedBy: null,
      confirmedAt: null,
    })),
    resources: body.resources.map((r) => ({ id: r.id ?? null, title: r.title })),
    note: body.note,
    status: body.status,
    history: [{ at: new Date(), by: actor.userId, from: null, to: body.status }],
    revision: 0,
    createdBy: actor.userId,
  });
  await publish({
    type: 'activity.recorded',
    countyCode: created.countyCode,
    audience: { stationCodes: [created.stationCode] },
    payload: { id: idOf(created), stationCode: created.stationCode, title: created.title, date: created.date, status: created.status },
  });
  return created;
}

/** Moves an activity (planned → held / cancelled), optionally with the final participant count. */
export async function moveActivity(
  actor: Actor,
  scope: StationScope,
  id: string,
  body: z.infer<typeof ActivityTransition>,
): Promise<ActivityDoc> {
  const current = await activities.get(scope, id);
  assertMove(ACTIVITY_LIFECYCLE, '社区活动', current.status, body.to);
  return writeNextRevision(activities, 'activity', scope, current, {
    $set: {
      status: body.to,
      ...(body.participants !== undefined ? { participants: Math.max(body.participants, current.signIns.length) } : {}),
    },
    $push: { history: { at: new Date(), by: actor.userId, from: current.status, to: body.to } },
  });
}

/** Confirms a volunteer's hours at a held activity (as assignment hours are confirmed). */
export async function confirmActivityHours(actor: Actor, scope: StationScope, id: string, volunteerId: string): Promise<ActivityDoc> {
  const current = await activities.get(scope, id);
  if (current.status !== 'held') throw conflict('活动举办后才能确认志愿服务时长');
  const index = current.volunteers.findIndex((v) => v.volunteerId === volunteerId);
  if (index < 0) throw notFound('参与志愿者');
  if (current.volunteers[index]!.confirmedAt) throw conflict('该志愿者的服务时长已确认');
  return writeNextRevision(activities, 'activity', scope, current, {
    $set: { [`volunteers.${index}.confirmedBy`]: actor.userId, [`volunteers.${index}.confirmedAt`]: new Date() },
  });
}

export const getActivity = (scope: StationScope, id: string) => activities.get(scope, id);

export function listActivities(scope: StationScope, query: z.infer<typeof ActivityListQuery>): Promise<Page<ActivityDoc>> {
  const filter: Record<string, unknown> = {};
  if (query.month) filter.month = query.month;
  if (query.status) filter.status = query.status;
  return activities.page(scope, filter as ScopedFilter<ActivityDoc>, { limit: query.limit, cursor: query.cursor });
}
