import { z } from 'zod';
import { ObjectIdSchema, PageQuery } from '../station-work/schema.js';

export const SatisfactionLevelSchema = z.enum(['satisfied', 'basic', 'dissatisfied']).describe('满意 / 基本满意 / 不满意');

/** The answer itself (also embedded in closing a case). */
export const SatisfactionInput = z
  .object({
    level: SatisfactionLevelSchema,
    note: z.string().trim().max(1000).default(''),
    method: z.enum(['phone', 'in_person']).default('phone'),
    personName: z.string().trim().max(30).default(''),
  })
  .strict();
export type SatisfactionInputT = z.infer<typeof SatisfactionInput>;

export const SatisfactionSubject = z.object({ kind: z.enum(['assignment', 'case', 'group']), id: ObjectIdSchema }).strict();

export const SatisfactionCreate = SatisfactionInput.extend({ subject: SatisfactionSubject }).strict();

export const SatisfactionQuery = PageQuery.extend({
  subjectKind: z.enum(['assignment', 'case', 'group']).optional(),
  subjectId: ObjectIdSchema.optional(),
});

export const SatisfactionView = z.object({
  id: z.string(),
  stationCode: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  personName: z.string(),
  level: SatisfactionLevelSchema,
  note: z.string(),
  method: z.string(),
  at: z.string(),
});
