import type { Actor, StationScope } from '../auth/actor.js';
import { scopeFilter } from '../auth/actor.js';
import { conflict } from '../http/errors.js';
import { HouseholdModel } from '../households/model.js';
import { monthOf } from '../shared/china-time.js';
import { VisitTaskModel, visitTasks, type VisitTaskDoc } from './model.js';

/**
 * Creates this month's visit task for every key-target household (idempotent: one per household and
 * month, by a unique index and upserts). Returns how many were created.
 */
export async function createMonthlyVisitTasks(now: Date): Promise<{ month: string; created: number }> {
  const month = monthOf(now);
  const targets = await HouseholdModel.find(
    { keyTarget: true, archivedAt: null },
    { countyCode: 1, stationCode: 1, communityCode: 1 },
  ).lean();
  if (targets.length === 0) return { month, created: 0 };
  const result = await VisitTaskModel.bulkWrite(
    targets.map((h) => ({
      updateOne: {
        filter: { householdId: String(h._id), month },
        update: {
          $setOnInsert: {
            countyCode: h.countyCode,
            stationCode: h.stationCode,
            communityCode: h.communityCode,
            householdId: String(h._id),
            month,
            status: 'due',
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return { month, created: result.upsertedCount };
}

/** Marks a visit done (one conditional write: a visit is done once). */
export async function completeVisit(props: { actor: Actor; scope: StationScope; id: string; note?: string }): Promise<VisitTaskDoc> {
  const updated = await visitTasks.update(
    props.scope,
    props.id,
    { $set: { status: 'done', doneAt: new Date(), doneBy: props.actor.userId, note: props.note } },
    { status: 'due' },
  );
  if (!updated) throw conflict('该探访任务已完成');
  return updated;
}

/** Monthly visit rate of key targets per station: done / due+done, in [0, 1] (null when no targets). */
export async function visitRates(
  scope: StationScope,
  month: string,
): Promise<Array<{ stationCode: string; due: number; done: number; rate: number | null }>> {
  const rows = await VisitTaskModel.aggregate<{ _id: { stationCode: string; status: string }; n: number }>([
    { $match: { ...scopeFilter(scope), month } },
    { $group: { _id: { stationCode: '$stationCode', status: '$status' }, n: { $sum: 1 } } },
  ]);
  const by = new Map<string, { due: number; done: number }>();
  for (const r of rows) {
    const e = by.get(r._id.stationCode) ?? { due: 0, done: 0 };
    if (r._id.status === 'done') e.done += r.n;
    else e.due += r.n;
    by.set(r._id.stationCode, e);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stationCode, e]) => ({ stationCode, ...e, rate: e.due + e.done ? e.done / (e.due + e.done) : null }));
}
