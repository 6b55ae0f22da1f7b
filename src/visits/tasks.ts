import type { StationScope } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import type { HouseholdDoc } from '../households/model.js';
import { households, liveHousehold } from '../households/repository.js';
import { monthOf } from '../shared/china-time.js';
import { trusted } from '../shared/model.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { insertMissingTasks, visitTasks, type VisitTaskDoc } from './repository.js';

/** Key-target people of a household: its members (a household without member rows is one person). */
export function keyTargetPeople(h: Pick<HouseholdDoc, 'members'>): number {
  return Math.max(1, h.members?.length ?? 0);
}

type TargetHousehold = Pick<HouseholdDoc, '_id' | 'countyCode' | 'stationCode' | 'communityCode' | 'members'>;

function newTask(h: TargetHousehold, month: string): Omit<VisitTaskDoc, '_id' | 'createdAt' | 'updatedAt'> {
  return {
    countyCode: h.countyCode,
    stationCode: h.stationCode,
    communityCode: h.communityCode,
    householdId: String(h._id),
    month,
    people: keyTargetPeople(h),
    status: 'due',
    assignee: null,
    doneAt: null,
    recordId: null,
  };
}

/**
 * Creates this month's visit task for every key-target household that has none (one per household and
 * month, unique index). Reads the existing tasks first and inserts only the missing ones: a bulk of
 * upserts over existing tasks is what froze FerretDB on a re-run. Also marks last month's unvisited
 * tasks as missed. Used by the monthly job and by the catch-up at start-up.
 */
export async function createMonthlyVisitTasks(now: Date): Promise<{ month: string; created: number; missed: number }> {
  const month = monthOf(now);
  const missed = await visitTasks.unscoped.updateMany({ month: trusted({ $lt: month }), status: 'due' }, { $set: { status: 'missed' } });
  const targets = await households.unscoped.find({ keyTarget: true, archivedAt: null });
  if (targets.length === 0) return { month, created: 0, missed };
  const existing = new Set((await visitTasks.unscoped.find({ month })).map((t) => t.householdId));
  const missing = targets.filter((h) => !existing.has(String(h._id))).map((h) => newTask(h, month));
  const created = await insertMissingTasks(missing);
  const byStation = new Map<string, { countyCode: string; n: number }>();
  for (const t of missing) byStation.set(t.stationCode, { countyCode: t.countyCode, n: (byStation.get(t.stationCode)?.n ?? 0) + 1 });
  for (const [stationCode, { countyCode, n }] of byStation) {
    await publish({
      type: 'visit.tasks_created',
      countyCode,
      audience: { stationCodes: [stationCode] },
      payload: { stationCode, month, created: n },
    });
  }
  return { month, created, missed };
}

/** Start-up catch-up: when the server was down on the 1st, the month's missing tasks are made now. */
export const catchUpVisitTasks = (now: Date = new Date()) => createMonthlyVisitTasks(now);

/**
 * The current month's task of a household flagged as a key target, created at once (mid-month flag).
 * Idempotent; does nothing for a household that is not a live key target. Households call it after
 * a write that sets `keyTarget`.
 */
export async function ensureVisitTask(scope: StationScope, householdId: string, now: Date = new Date()): Promise<VisitTaskDoc | null> {
  const h = await liveHousehold(scope, householdId);
  if (!h?.keyTarget) return null;
  const month = monthOf(now);
  const filter = { householdId, month } as ScopedFilter<VisitTaskDoc>;
  const found = await visitTasks.findOne(scope, filter);
  if (found) return found;
  await insertMissingTasks([newTask(h, month)]);
  return visitTasks.findOne(scope, filter);
}
