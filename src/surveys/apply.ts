import type { StationScope } from '../auth/actor.js';
import type { HouseholdDoc } from '../households/model.js';
import { householdBulk, households } from '../households/repository.js';
import { approximateLocation } from '../households/places.js';
import { createHousehold, findMatchingHousehold } from '../households/service.js';
import type { NeedDoc } from '../needs/model.js';
import { needTitle } from '../needs/record.js';
import { needRecords } from '../needs/repository.js';
import { ensureNeed } from '../needs/service.js';
import { logFailure } from '../shared/log-failure.js';
import type { Location } from '../shared/geo.js';
import { idOf } from '../shared/model.js';
import type { Interpreted } from './interpret.js';
import { ensureVisitTask } from '../visits/tasks.js';

/** What writing one response (or import row) did. */
export interface Applied {
  household: HouseholdDoc;
  householdCreated: boolean;
  needs: NeedDoc[];
  needsCreated: number;
}

/** The location a response's needs get: given, the household's, or the community's approximate one. */
export function locationFor(communityCode: string, given?: Location | null, household?: HouseholdDoc | null): Location | undefined {
  return given ?? household?.location ?? approximateLocation(communityCode);
}

/**
 * Writes one interpreted response: finds its household (normalised name + phone, or name + address)
 * or creates it, then creates one need per need item, each keyed by `rowKey` so a replay of the same
 * response creates nothing. Without transactions, a failure part-way removes what this call created,
 * so a row is either fully written or not at all (and a retry completes it).
 */
export async function applyResponse(props: {
  stationScope: Extract<StationScope, { kind: 'station' }>;
  communityCode: string;
  by: string;
  interp: Interpreted & { headName: string };
  rowKey: string;
  location: Location;
  keyTarget?: boolean;
  importJobId?: string;
  surveyResponseId?: string;
  quiet?: boolean;
}): Promise<Applied> {
  const { stationScope: scope, interp, rowKey } = props;
  let household = await findMatchingHousehold(scope, { name: interp.headName, phone: interp.phone, address: interp.address });
  let householdCreated = false;
  const createdNeedIds: string[] = [];
  try {
    if (household) {
      const set: Record<string, unknown> = {};
      if (!household.phone && interp.phone) set.phone = interp.phone;
      if (interp.consent !== undefined) set.consent = { given: interp.consent, at: interp.submittedAt ?? new Date(), by: interp.headName };
      if (props.keyTarget) set.keyTarget = true;
      household =
        (await households.update(scope, idOf(household), {
          $addToSet: { groups: { $each: interp.groups }, sourceKeys: rowKey },
          ...(Object.keys(set).length ? { $set: set } : {}),
        })) ?? household;
      // A household newly flagged as a key target gets this month's visit task at once (createHousehold does it for new ones).
      if (props.keyTarget) {
        await ensureVisitTask(scope, idOf(household)).catch(logFailure('creating the visit task', { householdId: idOf(household) }));
      }
    } else {
      household = await createHousehold({
        scope,
        by: props.by,
        sourceKey: rowKey,
        input: {
          communityCode: props.communityCode,
          headName: interp.headName,
          phone: interp.phone,
          address: interp.address ?? '（未填写）',
          members: [],
          groups: interp.groups,
          keyTarget: props.keyTarget ?? false,
          location: props.location,
          consent:
            interp.consent === undefined ? undefined : { given: interp.consent, at: interp.submittedAt ?? new Date(), by: interp.headName },
        },
      });
      householdCreated = true;
    }
    const written: NeedDoc[] = [];
    let needsCreated = 0;
    for (const item of interp.needs) {
      const { need, created } = await ensureNeed({
        scope,
        stationCode: scope.stationCode,
        by: props.by,
        sourceKey: `row:${rowKey}:${item.category ?? item.label}`,
        importJobId: props.importJobId,
        surveyResponseId: props.surveyResponseId,
        quiet: props.quiet,
        input: {
          communityCode: props.communityCode,
          householdId: idOf(household),
          category: item.category ?? undefined,
          title: needTitle(item, { headName: interp.headName }),
          description: interp.description || item.label,
          groups: interp.groups,
          urgency: interp.urgency,
          location: props.location,
          schedule: { kind: 'recurring', windows: interp.windows },
          skills: [],
          source: 'survey',
        },
      });
      if (created) {
        needsCreated++;
        createdNeedIds.push(idOf(need));
      }
      written.push(need);
    }
    return { household, householdCreated, needs: written, needsCreated };
  } catch (err) {
    await undo(createdNeedIds, householdCreated && household ? idOf(household) : undefined);
    throw err;
  }
}

/** Removes what a failed response wrote; the original error is what the caller reports, so these only log. */
async function undo(needIds: string[], householdId?: string): Promise<void> {
  await needRecords.deleteByIds(needIds).catch(logFailure('undoing the needs of a failed survey response', { needIds }));
  if (householdId) {
    await householdBulk.deleteByIds([householdId]).catch(logFailure('undoing the household of a failed survey response', { householdId }));
  }
}
