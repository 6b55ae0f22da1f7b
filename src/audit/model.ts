import type { Types } from 'mongoose';
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
  /** Why the person did it, when the action asks for a reason (a person's erasure request). */
  reason?: string;
  createdAt: Date;
}

/** Used only by src/audit/repository.ts. */
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
    reason: String,
  },
  [[{ entity: 1, entityId: 1 }], [{ actorId: 1, createdAt: -1 }], [{ countyCode: 1, createdAt: -1 }]],
);
