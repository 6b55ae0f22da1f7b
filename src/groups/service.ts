import type { z } from 'zod';
import type { Actor, StationScope } from '../auth/actor.js';
import { scopeIncludes } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { badRequest, notFound } from '../http/errors.js';

import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { assertIn, assertMove, writeNextRevision, type Lifecycle } from '../station-work/lifecycle.js';
import { groups, type GroupDoc, type GroupStatus } from './repository.js';
import { GROUP_NAMES, type GroupClose, type GroupCreate, type GroupListQuery, type GroupSessionInput } from './schema.js';

export const GROUP_LIFECYCLE: Lifecycle<GroupStatus> = {
  transitions: { planned: ['running', 'closed'], running: ['closed'], closed: [] },
  names: GROUP_NAMES,
};

/** Creates a group in the actor's station (a county admin names the station). */
export async function createGroup(actor: Actor, scope: StationScope, body: z.infer<typeof GroupCreate>): Promise<GroupDoc> {
  // A named station outside the scope answers 404 like any record out of scope.
  const stationCode = body.stationCode ?? (scope.kind === 'station' ? scope.stationCode : undefined);
  if (!stationCode) throw badRequest('station_required', '请选择社工站');
  if (!scopeIncludes(scope, stationCode)) throw notFound('社工站');
  return groups.create(scope, stationCode, {
    name: body.name,
    aim: body.aim,
    targetMembers: body.targetMembers,
    leader: { id: actor.userId, name: actor.displayName },
    members: body.members.map((m) => ({ name: m.name, householdId: m.householdId ?? null })),
    plannedSessions: body.plannedSessions,
    sessions: [],
    evaluation: null,
    status: 'planned',
    history: [{ at: new Date(), by: actor.userId, from: null, to: 'planned' }],
    revision: 0,
  });
}

/** Records a session with its sign-ins; the first session starts the group. Attendees who are not members are refused. */
export async function recordSession(
  actor: Actor,
  scope: StationScope,
  id: string,
  body: z.infer<typeof GroupSessionInput>,
): Promise<GroupDoc> {
  const current = await groups.get(scope, id);
  assertIn(GROUP_LIFECYCLE, '小组', current.status, ['planned', 'running'], '记录活动');
  const names = new Set(current.members.map((m) => m.name));
  const strangers = body.attendance.filter((n) => !names.has(n));
  if (strangers.length) throw badRequest('not_a_member', `签到人员不是小组成员：${strangers.join('、')}`, { strangers });
  const session = {
    no: current.sessions.length + 1,
    date: body.date,
    content: body.content,
    attendance: [...new Set(body.attendance)],
    recordedBy: actor.userId,
    at: new Date(),
  };
  const moving = current.status === 'planned';
  if (moving) assertMove(GROUP_LIFECYCLE, '小组', current.status, 'running');
  const updated = await writeNextRevision(groups, 'group', scope, current, {
    $set: moving ? { status: 'running' } : {},
    $push: { sessions: session, ...(moving ? { history: { at: new Date(), by: actor.userId, from: 'planned', to: 'running' } } : {}) },
  });
  await publish({
    type: 'group.session_recorded',
    countyCode: updated.countyCode,
    audience: { stationCodes: [updated.stationCode] },
    payload: { id, stationCode: updated.stationCode, no: session.no, attendance: session.attendance.length },
  });
  return updated;
}

/** Closes a group with its closing evaluation. */
export async function closeGroup(actor: Actor, scope: StationScope, id: string, body: z.infer<typeof GroupClose>): Promise<GroupDoc> {
  const current = await groups.get(scope, id);
  assertMove(GROUP_LIFECYCLE, '小组', current.status, 'closed');
  return writeNextRevision(groups, 'group', scope, current, {
    $set: { status: 'closed', evaluation: { text: body.evaluation, at: new Date(), by: actor.userId } },
    $push: { history: { at: new Date(), by: actor.userId, from: current.status, to: 'closed' } },
  });
}

export const getGroup = (scope: StationScope, id: string) => groups.get(scope, id);

export function listGroups(scope: StationScope, query: z.infer<typeof GroupListQuery>): Promise<Page<GroupDoc>> {
  return groups.page(scope, (query.status ? { status: query.status } : {}) as ScopedFilter<GroupDoc>, {
    limit: query.limit,
    cursor: query.cursor,
  });
}
