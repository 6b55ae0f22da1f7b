import type { Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { notFound } from '../http/errors.js';
import { privacyRepository, type AnonymisedCounts, type HouseholdRecords } from './repository.js';

/** A household's records as exported to the person (PIPL art. 45): every field, nothing masked. */
export interface HouseholdExport extends Omit<HouseholdRecords, 'household'> {
  exportedAt: string;
  household: HouseholdRecords['household'];
}

async function findHousehold(actor: Actor, id: string) {
  const household = await privacyRepository.household(actor.countyCode, id);
  if (!household) throw notFound('服务对象户');
  return household;
}

/** Everything held about one household, for the county admin to hand to the person; audited as an export. */
export async function exportHousehold(actor: Actor, id: string, requestId?: string): Promise<HouseholdExport> {
  const household = await findHousehold(actor, id);
  const records = await privacyRepository.recordsOf(household);
  await audit(actor, {
    action: 'export',
    entity: 'household',
    entityIds: [id],
    fields: [
      'household',
      'needs',
      'assignments',
      'cases',
      'visitTasks',
      'visitRecords',
      'surveyResponses',
      'referrals',
      'groups',
      'satisfactionAnswers',
      'auditEntries',
    ],
    stationCode: household.stationCode,
    requestId,
  });
  return { exportedAt: new Date().toISOString(), ...records };
}

/** Erases (anonymises) one household and every record about it, on the person's request; audited. */
export async function eraseHousehold(
  actor: Actor,
  id: string,
  request: { reason: string; requestId?: string },
  now: Date = new Date(),
): Promise<AnonymisedCounts> {
  const household = await findHousehold(actor, id);
  const records = await privacyRepository.recordsOf(household);
  const counts = await privacyRepository.anonymiseHousehold(records, now);
  await audit(actor, {
    action: 'write',
    entity: 'household',
    entityIds: [id],
    fields: [
      'erase:headName',
      'erase:phone',
      'erase:address',
      'erase:members',
      'erase:needs',
      'erase:assignments',
      'erase:cases',
      'erase:visitRecords',
      'erase:surveyResponses',
      'erase:referrals',
      'erase:groups',
      'erase:satisfactionAnswers',
    ],
    stationCode: household.stationCode,
    requestId: request.requestId,
    reason: request.reason,
  });
  return counts;
}
