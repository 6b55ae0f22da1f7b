import { narrowScope, type Actor } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { AppError, badRequest, notFound } from '../http/errors.js';
import { getNeed } from '../needs/service.js';
import { dayOf } from '../shared/china-time.js';
import { isObjectId } from '../shared/model.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { lastAllocation, type AllocationRecord, type ResourceWithRemaining } from './allocations.js';
import type { ResourceDoc } from './model.js';
import { allocationLedger, resources } from './repository.js';

/** What allocateResource needs; `now` is the clock for expiry (defaults to the current time). */
export interface AllocateProps {
  resourceId: string;
  amount: number;
  needCategory: string;
  stationCode: string;
  needId?: string;
  now?: Date;
  /** The resource must belong to this county (404 otherwise). */
  countyCode: string;
  allocatedBy?: string;
}

const day = dayOf;

/** The 409 when the resource's state forbids any allocation now, or undefined. */
function stateRefusal(doc: ResourceDoc, now: Date): AppError | undefined {
  if (doc.status === 'withdrawn') return new AppError(409, 'resource_withdrawn', '捐赠方已撤回该资源，不能再分配');
  if (doc.expiresAt && new Date(doc.expiresAt) <= now)
    return new AppError(409, 'resource_expired', `该资源已过期（有效期至 ${day(new Date(doc.expiresAt))}），不能再分配`);
  if (doc.availableFrom && new Date(doc.availableFrom) > now)
    return new AppError(409, 'resource_not_yet_available', `该资源 ${day(new Date(doc.availableFrom))} 起才可分配`);
  return undefined;
}

function quantityRefusal(doc: ResourceDoc, left: number, amount: number): AppError {
  if (left <= 0) return new AppError(409, 'resource_depleted', '该资源已分配完');
  return new AppError(
    409,
    'insufficient_quantity',
    `剩余数量不足：剩余 ${left} ${doc.quantity.unit}，申请 ${amount} ${doc.quantity.unit}`,
    {
      remaining: left,
    },
  );
}

/**
 * Allocates `amount` of a resource to a need. Refuses (409, Chinese reason) a withdrawn, expired or
 * not-yet-available resource, or one with less than `amount` left. The allocation is ONE insert of
 * the next ledger entry under a unique (resourceId, seq) index: of two allocations racing for the
 * last units only one is written, and remaining never goes below zero; the loser re-reads and
 * either fits into what is left or is refused. Publishes resource.allocated, and resource.depleted
 * from the allocation that takes the last unit.
 */
export async function allocateResource(props: AllocateProps): Promise<{ resource: ResourceWithRemaining; allocation: AllocationRecord }> {
  const now = props.now ?? new Date();
  if (!isObjectId(props.resourceId)) throw notFound('资源');
  if (!(Number.isInteger(props.amount) && props.amount > 0)) {
    throw new AppError(400, 'invalid_amount', '分配数量必须是大于 0 的整数', { field: 'amount' });
  }
  const doc = await resources.getInCounty(props.countyCode, props.resourceId);
  const refused = stateRefusal(doc, now);
  if (refused) throw refused;

  const allocation: AllocationRecord = {
    at: now,
    amount: props.amount,
    needCategory: props.needCategory,
    stationCode: props.stationCode,
    ...(props.needId ? { needId: props.needId } : {}),
    ...(props.allocatedBy ? { allocatedBy: props.allocatedBy } : {}),
  };
  const resourceId = String(doc._id);
  let cumulative = 0;
  let count = 0;
  // Each lost race means another allocation was written, so this loop ends within quantity rounds.
  for (;;) {
    const last = await lastAllocation(resourceId);
    const left = doc.quantity.amount - (last?.cumulative ?? 0);
    if (left < props.amount) throw quantityRefusal(doc, left, props.amount);
    cumulative = (last?.cumulative ?? 0) + props.amount;
    count = (last?.seq ?? 0) + 1;
    try {
      await allocationLedger.append({
        ...allocation,
        resourceId,
        seq: count,
        cumulative,
        countyCode: doc.countyCode,
        charityId: doc.charityId,
      });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  const remaining = doc.quantity.amount - cumulative;
  await publish({
    type: 'resource.allocated',
    countyCode: doc.countyCode,
    audience: { stationCodes: [props.stationCode], charityIds: [doc.charityId] },
    payload: {
      resourceId,
      amount: props.amount,
      unit: doc.quantity.unit,
      remaining,
      stationCode: props.stationCode,
      needCategory: props.needCategory,
    },
  });
  let status = doc.status;
  if (remaining <= 0) {
    await resources.markDepleted(doc._id);
    status = 'depleted';
    await publish({
      type: 'resource.depleted',
      countyCode: doc.countyCode,
      audience: { charityIds: [doc.charityId] },
      payload: { resourceId, title: doc.title, category: doc.category },
    });
  }
  return {
    resource: { ...doc, status, remaining: { amount: remaining, unit: doc.quantity.unit }, allocationCount: count },
    allocation,
  };
}

/**
 * A coordinator or county admin allocates a resource to a station, and to one of its needs when
 * given: the need must lie in the actor's scope (and in the named station), else 404, so a foreign
 * or made-up need id is never written into a charity's ledger.
 */
export async function allocateForStaff(props: {
  actor: Actor;
  resourceId: string;
  input: { amount: number; needCategory: string; needId?: string; stationCode?: string };
}): Promise<{ resource: ResourceWithRemaining; allocation: AllocationRecord }> {
  const { actor, input } = props;
  const named = actor.role === 'coordinator' ? actor.stationCode : input.stationCode;
  const scope = narrowScope(actor, named);
  const need = input.needId ? await getNeed(scope, input.needId) : undefined;
  const stationCode = named ?? need?.stationCode;
  if (!stationCode) throw badRequest('station_required', '请指定接收资源的社工站', { field: 'stationCode' });
  return allocateResource({
    resourceId: props.resourceId,
    amount: input.amount,
    needCategory: input.needCategory,
    needId: input.needId,
    stationCode,
    countyCode: actor.countyCode,
    allocatedBy: actor.userId,
  });
}
