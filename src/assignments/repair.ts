import type { Actor, StationScope } from '../auth/actor.js';
import type { Logger } from '../logger.js';
import type { NeedStatus } from '../needs/lifecycle.js';
import type { NeedDoc } from '../needs/model.js';
import { needs } from '../needs/repository.js';
import { transitionNeed } from '../needs/service.js';
import { logFailure } from '../shared/log-failure.js';
import { trusted } from '../shared/model.js';
import { ACTIVE_STATUSES } from './lifecycle.js';
import type { AssignmentDoc } from './model.js';
import { assignments } from './repository.js';

/** Records younger than this may be mid-way through a workflow step: left alone until the next run. */
export const REPAIR_GRACE_MS = 5 * 60_000;

const BATCH = 1000;

/**
 * The status a need should have given its assignments, or null when its own is consistent. A live
 * assignment (pending/accepted/in progress) means the need is assigned or in progress; no live one
 * means it is not (it was served if an assignment completed, else it is back in the pool).
 */
export function expectedNeedStatus(status: NeedStatus, live: AssignmentDoc[], completed: boolean): NeedStatus | null {
  if (live.length > 0) {
    const wanted: NeedStatus = live.some((a) => a.status === 'in_progress') ? 'in_progress' : 'assigned';
    if (status === 'open' || status === 'matching') return wanted;
    return status === 'assigned' && wanted === 'in_progress' ? wanted : null;
  }
  if (status === 'assigned' || status === 'in_progress') return completed ? 'fulfilled' : 'matching';
  return null;
}

/** The moves from one status to another that the need lifecycle allows, one step at a time. */
const PATHS: Partial<Record<`${NeedStatus}>${NeedStatus}`, NeedStatus[]>> = {
  'assigned>matching': ['matching'],
  'in_progress>matching': ['assigned', 'matching'],
  'assigned>fulfilled': ['in_progress', 'fulfilled'],
  'in_progress>fulfilled': ['fulfilled'],
  'assigned>in_progress': ['in_progress'],
  'open>assigned': ['assigned'],
  'matching>assigned': ['assigned'],
  'open>in_progress': ['assigned', 'in_progress'],
  'matching>in_progress': ['assigned', 'in_progress'],
};

const scopeOfNeed = (n: NeedDoc): StationScope => ({ kind: 'station', countyCode: n.countyCode, stationCode: n.stationCode });

/**
 * Finds needs whose status contradicts their assignments (e.g. "assigned" with no live assignment,
 * left by a compensation step that failed) and moves them to the status their assignments imply.
 * Runs across stations (a job): unscoped reads, scoped writes through the need lifecycle.
 */
export async function repairNeedStates(props: { now: Date; actorOf: (countyCode: string) => Actor; log: Logger }): Promise<{
  checked: number;
  repaired: number;
  failed: number;
}> {
  const cutoff = new Date(props.now.getTime() - REPAIR_GRACE_MS);
  const held = await needs.unscoped.find(
    { status: trusted({ $in: ['assigned', 'in_progress'] satisfies NeedStatus[] }), updatedAt: trusted({ $lt: cutoff }) },
    { limit: BATCH },
  );
  const liveRows = await assignments.unscoped.find(
    { status: trusted({ $in: ACTIVE_STATUSES }), updatedAt: trusted({ $lt: cutoff }) },
    { limit: BATCH * 5 },
  );
  const freeIds = [...new Set(liveRows.map((a) => a.needId))];
  const free = freeIds.length
    ? await needs.unscoped.find({ _id: trusted({ $in: freeIds }), status: trusted({ $in: ['open', 'matching'] satisfies NeedStatus[] }) })
    : [];
  const candidates = [...held, ...free];
  const ids = candidates.map((n) => String(n._id));
  const related = ids.length ? await assignments.unscoped.find({ needId: trusted({ $in: ids }) }) : [];

  let repaired = 0;
  let failed = 0;
  for (const need of candidates) {
    const id = String(need._id);
    const mine = related.filter((a) => a.needId === id);
    const live = mine.filter((a) => ACTIVE_STATUSES.includes(a.status));
    const target = expectedNeedStatus(
      need.status,
      live,
      mine.some((a) => a.status === 'completed'),
    );
    if (!target) continue;
    const steps = PATHS[`${need.status}>${target}`];
    if (!steps) continue;
    const actor = props.actorOf(need.countyCode);
    try {
      for (const to of steps) {
        await transitionNeed({ scope: scopeOfNeed(need), actor, id, to, note: '系统修复：需求状态与任务不一致' });
      }
      repaired++;
      props.log.warn({ needId: id, from: need.status, to: target }, 'repaired a need whose status contradicted its assignments');
    } catch (err) {
      failed++;
      logFailure('repairing a need status', { needId: id, from: need.status, to: target }, props.log)(err);
    }
  }
  return { checked: candidates.length, repaired, failed };
}
