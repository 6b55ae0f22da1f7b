import type { Actor } from '../auth/actor.js';
import type { AuditDoc } from './model.js';
import { auditLog } from './repository.js';

export type { AuditDoc } from './model.js';

/** Records that an actor read or disclosed sensitive fields of a record. */
export async function audit(
  actor: Actor,
  entry: {
    action: AuditDoc['action'];
    entity: string;
    entityIds: string[];
    fields: string[];
    stationCode?: string;
    requestId?: string;
    reason?: string;
  },
): Promise<void> {
  if (entry.entityIds.length === 0 || entry.fields.length === 0) return;
  await auditLog.append(
    entry.entityIds.map((entityId) => ({
      actorId: actor.userId,
      role: actor.role,
      action: entry.action,
      entity: entry.entity,
      entityId,
      fields: entry.fields,
      countyCode: actor.countyCode,
      stationCode: entry.stationCode,
      requestId: entry.requestId,
      ...(entry.reason ? { reason: entry.reason } : {}),
    })),
  );
}

/**
 * Records a person's read of sensitive fields of several records (a list or one detail), one row per
 * record, grouped by station. For any entity: households, needs (whose free text can hold health
 * details), volunteers… `records` are the ones actually shown in full.
 */
export async function auditReads(
  actor: Actor,
  read: { entity: string; records: Array<{ id: string; stationCode?: string }>; fields: string[]; requestId?: string },
): Promise<void> {
  const byStation = new Map<string | undefined, string[]>();
  for (const r of read.records) byStation.set(r.stationCode, [...(byStation.get(r.stationCode) ?? []), r.id]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: read.entity,
      entityIds,
      fields: read.fields,
      stationCode,
      requestId: read.requestId,
    });
  }
}
