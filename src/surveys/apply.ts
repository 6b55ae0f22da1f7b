import type { StationScope } from '../auth/actor.js';
import { HouseholdModel, type HouseholdDoc } from '../households/model.js';
import { households } from '../households/repository.js';
import { approximateLocation } from '../households/places.js';
import { createHousehold, findMatchingHousehold } from '../households/service.js';
import { NeedModel, type NeedDoc } from '../needs/model.js';
import { ensureNeed } from '../needs/service.js';
import { categoryName } from '../needs/taxonomy.js';
import type { Location } from '../shared/geo.js';
import { idOf } from '../shared/model.js';
import type { Interpreted } from './interpret.js';

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
      const name = item.category ? categoryName(item.category) : undefined;
      const title = name && item.label.includes('：') ? item.label : (name ?? item.label);
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
          title,
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

async function undo(needIds: string[], householdId?: string): Promise<void> {
  for (const id of needIds) await NeedModel.deleteOne({ _id: id }).catch(() => undefined);
  if (householdId) await HouseholdModel.deleteOne({ _id: householdId }).catch(() => undefined);
}
