import type { Actor, StationScope } from '../auth/actor.js';
import { notFound } from '../http/errors.js';
import { households } from '../households/repository.js';
import { volunteers } from '../volunteers/repository.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { visitRecords, visitTasks, type VisitPerson, type VisitRecordDoc, type VisitTaskDoc } from './repository.js';
import type { z } from 'zod';
import type { VisitAssignBody, VisitRecordQuery, VisitTaskQuery } from './schema.js';

export { createMonthlyVisitTasks, ensureVisitTask, catchUpVisitTasks } from './tasks.js';

/** Progress of a month's visits toward 100%, per household and per person. */
export interface VisitProgress {
  households: number;
  householdsVisited: number;
  householdRate: number | null;
  people: number;
  peopleVisited: number;
  personRate: number | null;
}

export function progressOf(tasks: Array<Pick<VisitTaskDoc, 'status' | 'people'>>): VisitProgress {
  const done = tasks.filter((t) => t.status === 'done');
  const people = tasks.reduce((n, t) => n + (t.people ?? 1), 0);
  const peopleVisited = done.reduce((n, t) => n + (t.people ?? 1), 0);
  return {
    households: tasks.length,
    householdsVisited: done.length,
    householdRate: tasks.length ? done.length / tasks.length : null,
    people,
    peopleVisited,
    personRate: people ? peopleVisited / people : null,
  };
}

function taskFilter(actor: Actor, query: z.infer<typeof VisitTaskQuery>, month: string): ScopedFilter<VisitTaskDoc> {
  const filter: Record<string, unknown> = { month };
  if (query.status) filter.status = query.status;
  if (query.communityCode) filter.communityCode = query.communityCode;
  if (query.assignee === 'none') filter.assignee = null;
  else if (query.assignee) filter['assignee.id'] = query.assignee;
  // A volunteer sees only the visits assigned to them.
  if (actor.role === 'volunteer') filter['assignee.id'] = actor.subjectId ?? '-';
  return filter as ScopedFilter<VisitTaskDoc>;
}

/** The month's visit list (a page), with progress over the whole filtered list and head names. */
export async function listVisitTasks(
  actor: Actor,
  scope: StationScope,
  query: z.infer<typeof VisitTaskQuery>,
  month: string,
): Promise<{ page: Page<VisitTaskDoc>; progress: VisitProgress; names: Map<string, string> }> {
  const filter = taskFilter(actor, query, month);
  const page = await visitTasks.page(scope, filter, { sortField: 'communityCode', direction: 1, limit: query.limit, cursor: query.cursor });
  const all = await visitTasks.findAll(scope, filter);
  return {
    page,
    progress: progressOf(all),
    names: await headNames(
      scope,
      page.items.map((t) => t.householdId),
    ),
  };
}

/** Head names of households by id (for lists; the presenter masks and audits them). */
export async function headNames(scope: StationScope, ids: string[]): Promise<Map<string, string>> {
  const heads = await households.getMany(scope, ids);
  return new Map(heads.map((h) => [String(h._id), h.headName]));
}

/** Sets who is responsible for a visit (a staff member or a volunteer of the station), or nobody. */
export async function assignVisitTask(scope: StationScope, id: string, body: z.infer<typeof VisitAssignBody>): Promise<VisitTaskDoc> {
  const task = await visitTasks.get(scope, id);
  let assignee: VisitPerson | null = null;
  if (body.assignee?.kind === 'volunteer') {
    const station: StationScope = { kind: 'station', countyCode: task.countyCode, stationCode: task.stationCode };
    const v = await volunteers.tryGet(station, body.assignee.id);
    if (!v) throw notFound('志愿者');
    assignee = { kind: 'volunteer', id: body.assignee.id, name: v.name };
  } else if (body.assignee) {
    assignee = { kind: 'staff', id: body.assignee.id, name: body.assignee.name };
  }
  return (await visitTasks.update(scope, id, { $set: { assignee } }))!;
}

/** Visit records, newest first; a volunteer sees only the visits they made. */
export async function listVisitRecords(
  actor: Actor,
  scope: StationScope,
  query: z.infer<typeof VisitRecordQuery>,
): Promise<Page<VisitRecordDoc>> {
  const filter: Record<string, unknown> = {};
  if (query.month) filter.month = query.month;
  if (query.householdId) filter.householdId = query.householdId;
  if (actor.role === 'volunteer') filter['visitor.id'] = actor.subjectId ?? '-';
  // Newest recorded first (by _id: a date-valued sort key would not survive the JSON cursor).
  return visitRecords.page(scope, filter as ScopedFilter<VisitRecordDoc>, { limit: query.limit, cursor: query.cursor });
}
