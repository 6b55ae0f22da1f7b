import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { idOf } from '../shared/model.js';
import type { ResponseDoc, TemplateDoc } from './model.js';
import type { TemplateView } from './schema.js';

/** What clients see of a template. */
export function presentTemplate(t: TemplateDoc): TemplateView {
  return {
    id: idOf(t),
    key: t.key,
    name: t.name,
    description: t.description ?? '',
    countyCode: t.countyCode,
    stationCode: t.stationCode ?? null,
    questions: t.questions,
    columnMapping: t.columnMapping ?? {},
    updatedAt: t.updatedAt,
  };
}

/**
 * A response as an actor may see it: the raw answers (names, phones, health) only for those who may
 * see the station's sensitive fields, and each such read is audited.
 */
export async function presentResponse(actor: Actor, r: ResponseDoc, requestId?: string) {
  const full = maySeeSensitive(actor, r.stationCode);
  if (full) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'survey_response',
      entityIds: [idOf(r)],
      fields: ['answers'],
      stationCode: r.stationCode,
      requestId,
    });
  }
  return {
    id: idOf(r),
    templateId: r.templateId,
    stationCode: r.stationCode,
    communityCode: r.communityCode,
    householdId: r.householdId,
    needIds: r.needIds ?? [],
    answers: full ? (r.answers as Record<string, string | number | string[]>) : null,
    takenBy: r.takenBy,
    createdAt: r.createdAt,
  };
}
