import type { z } from 'zod';
import type { Actor, StationScope } from '../auth/actor.js';
import { cases } from '../cases/repository.js';
import { publish } from '../events/bus.js';
import { groups } from '../groups/repository.js';
import { conflict, notFound } from '../http/errors.js';
import { idOf } from '../shared/model.js';
import type { Page, ScopedFilter } from '../shared/scoped-repository.js';
import { assignmentState } from '../station-stats/repositories/sources.js';
import { insertSatisfaction, satisfactions, type SatisfactionDoc, type SatisfactionSubjectKind } from './repository.js';
import type { SatisfactionInputT, SatisfactionQuery } from './schema.js';

/** The station of a subject the person may rate: a completed assignment, a closed case, a group. */
async function stationOfSubject(scope: StationScope, subject: { kind: SatisfactionSubjectKind; id: string }): Promise<string> {
  if (subject.kind === 'case') {
    const c = await cases.get(scope, subject.id);
    if (c.status !== 'closed') throw conflict('个案结案后才能登记满意度');
    return c.stationCode;
  }
  if (subject.kind === 'group') return (await groups.get(scope, subject.id)).stationCode;
  const a = await assignmentState(scope, subject.id);
  if (!a) throw notFound('指派');
  if (a.status !== 'completed') throw conflict('服务完成后才能登记满意度');
  return a.stationCode;
}

/** Records a person's satisfaction (by phone or in person); one answer per subject and person. */
export async function recordSatisfaction(props: {
  actor: Actor;
  scope: StationScope;
  subject: { kind: SatisfactionSubjectKind; id: string };
  input: SatisfactionInputT;
}): Promise<SatisfactionDoc> {
  const { actor, scope, subject, input } = props;
  const stationCode = await stationOfSubject(scope, subject);
  const doc = await insertSatisfaction(scope, stationCode, {
    subject,
    personName: input.personName,
    key: `${subject.kind}:${subject.id}:${input.personName}`,
    level: input.level,
    note: input.note,
    method: input.method,
    recordedBy: actor.userId,
    at: new Date(),
  });
  if (!doc) throw conflict('已登记过该服务对象的满意度');
  await publish({
    type: 'satisfaction.recorded',
    countyCode: doc.countyCode,
    audience: { stationCodes: [doc.stationCode] },
    payload: { id: idOf(doc), stationCode: doc.stationCode, subject, level: doc.level },
  });
  return doc;
}

export function listSatisfaction(scope: StationScope, query: z.infer<typeof SatisfactionQuery>): Promise<Page<SatisfactionDoc>> {
  const filter: Record<string, unknown> = {};
  if (query.subjectKind) filter['subject.kind'] = query.subjectKind;
  if (query.subjectId) filter['subject.id'] = query.subjectId;
  return satisfactions.page(scope, filter as ScopedFilter<SatisfactionDoc>, { limit: query.limit, cursor: query.cursor });
}
