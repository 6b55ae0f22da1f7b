import type { StationScope } from '../auth/actor.js';
import { assignments } from '../assignments/repository.js';
import { categoryName } from '../needs/taxonomy.js';
import type { ServiceHoursDoc } from './model.js';
import { volunteers } from './repository.js';
import type { HoursEntryView } from './schema.js';

/** Names and task labels that an entry view shows beside the ledger's own fields. */
interface EntryContext {
  names: Map<string, string>;
  /** Per assignment: the need's category (no names or addresses) and the completion note. */
  tasks: Map<string, { category?: string; feedback?: string }>;
}

/** Presents one entry; the completion note comes from the entry, else from the assignment's feedback. */
export function presentHoursEntry(e: ServiceHoursDoc, ctx: EntryContext): HoursEntryView {
  const task = ctx.tasks.get(e.assignmentId);
  return {
    id: String(e._id),
    stationCode: e.stationCode,
    volunteerId: e.volunteerId,
    volunteerName: ctx.names.get(e.volunteerId) ?? '',
    assignmentId: e.assignmentId,
    needTitle: task?.category ? (categoryName(task.category) ?? null) : null,
    hours: e.hours,
    date: e.date,
    month: e.month,
    note: e.note ?? task?.feedback ?? null,
    confirmed: Boolean(e.confirmed),
    confirmedAt: e.confirmedAt ? new Date(e.confirmedAt).toISOString() : null,
    confirmNote: e.confirmNote ?? null,
    correctedFrom: e.correctedFrom ? { hours: e.correctedFrom.hours, note: e.correctedFrom.note ?? null } : null,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}

/** Presents entries read within a station scope (the coordinator's queue), with names and task labels. */
export async function presentHoursEntries(scope: StationScope | null, entries: ServiceHoursDoc[]): Promise<HoursEntryView[]> {
  const volunteerIds = [...new Set(entries.map((e) => e.volunteerId))];
  const assignmentIds = [...new Set(entries.map((e) => e.assignmentId))].filter((id) => /^[0-9a-f]{24}$/.test(id));
  const [people, tasks] = await Promise.all([
    Promise.all(volunteerIds.map((id) => volunteers.byId(id))),
    scope ? assignments.getMany(scope, assignmentIds) : [],
  ]);
  const names = new Map(people.filter((v) => v !== null).map((v) => [String(v._id), v.name]));
  const taskMap = new Map(tasks.map((a) => [String(a._id), { category: a.needCategory, feedback: a.feedback }]));
  return entries.map((e) => presentHoursEntry(e, { names, tasks: taskMap }));
}
