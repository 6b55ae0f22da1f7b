import type { Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';

/**
 * Records an export (PIPL: who took which register out of the system, when). `fullFields` names the
 * sensitive fields the file carries unmasked; an export with everything masked is still recorded.
 */
export async function auditExport(
  actor: Actor,
  entry: { kind: string; params: string; fullFields: string[]; stationCode?: string; requestId?: string },
): Promise<void> {
  await audit(actor, {
    action: 'export',
    entity: `export.${entry.kind}`,
    entityIds: [entry.params],
    fields: entry.fullFields.length ? entry.fullFields : ['masked'],
    stationCode: entry.stationCode,
    requestId: entry.requestId,
  });
}
