import type { Types } from 'mongoose';
import type { Actor } from '../auth/actor.js';
import { defineModel } from '../shared/model.js';

/** One read or change of sensitive personal data by a person (PIPL: who saw what, when). */
export interface AuditDoc {
  _id: Types.ObjectId;
  actorId: string;
  role: string;
  action: 'read_sensitive' | 'disclose' | 'export' | 'write';
  entity: string;
  entityId: string;
  fields: string[];
  countyCode: string;
  stationCode?: string;
  requestId?: string;
  createdAt: Date;
}

export const AuditModel = defineModel<AuditDoc>(
  'AuditLog',
  {
    actorId: { type: String, required: true },
    role: { type: String, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    fields: [String],
    countyCode: { type: String, required: true },
    stationCode: String,
    requestId: String,
  },
  [[{ entity: 1, entityId: 1 }], [{ actorId: 1, createdAt: -1 }], [{ countyCode: 1, createdAt: -1 }]],
);

/** Records that an actor read or disclosed sensitive fields of a record. */
export async function audit(
  actor: Actor,
  entry: { action: AuditDoc['action']; entity: string; entityIds: string[]; fields: string[]; stationCode?: string; requestId?: string },
): Promise<void> {
  if (entry.entityIds.length === 0 || entry.fields.length === 0) return;
  await AuditModel.insertMany(
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
    })),
  );
}
