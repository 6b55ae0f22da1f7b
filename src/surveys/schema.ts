import { z } from 'zod';
import { BeneficiaryGroupSchema } from '../households/groups.js';
import { CommunityCodeSchema } from '../households/schema.js';
import { UrgencySchema } from '../needs/schema.js';
import { CategorySchema } from '../needs/taxonomy.js';
import { LocationSchema } from '../shared/geo.js';
import { NUL_MESSAGE, hasNoNul } from '../shared/text.js';

/** A key of a free-form record (option text, answer key): stored as a field name, which may not hold a NUL byte. */
const RecordKeySchema = z.string().min(1).max(200).refine(hasNoNul, NUL_MESSAGE);
/** Free text of a template or an answer. */
const text = (max: number) => z.string().max(max).refine(hasNoNul, NUL_MESSAGE);

/** Answer types of a question. */
export const QuestionTypeSchema = z.enum(['text', 'single', 'multi', 'number', 'date', 'phone']);

/**
 * What an answer fills in when a response becomes a household and its needs list. A question without
 * a role is kept in the response only.
 */
export const QuestionRoleSchema = z.enum([
  'submittedAt',
  'headName',
  'phone',
  'township',
  'community',
  'address',
  'householdSize',
  'groups',
  'needs',
  'description',
  'urgency',
  'availability',
  'consent',
  'keyTarget',
]);
export type QuestionRole = z.infer<typeof QuestionRoleSchema>;

/** How one option maps onto the product's vocabulary. */
export const OptionMappingSchema = z
  .object({ category: CategorySchema.optional(), group: BeneficiaryGroupSchema.optional(), urgency: UrgencySchema.optional() })
  .strict();

/** One question of a survey template. */
export const QuestionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, '题目键应为英文字母开头的标识符'),
    label: text(100).trim().min(1),
    type: QuestionTypeSchema,
    required: z.boolean().default(false),
    options: z.array(text(50).trim().min(1)).max(100).default([]),
    role: QuestionRoleSchema.optional(),
    /** Option text → category / group / urgency. Options absent here are matched by name (taxonomy, group list). */
    mapping: z.record(RecordKeySchema, OptionMappingSchema).default({}),
  })
  .strict();
export type Question = z.infer<typeof QuestionSchema>;

/** Question key → column header of a questionnaire export. */
export const ColumnMappingSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/), text(200).min(1));
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

const questionsSchema = z
  .array(QuestionSchema)
  .min(1)
  .max(100)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `题目键 ${q.key} 重复` });
      seen.add(q.key);
    });
    for (const role of ['headName'] as const) {
      if (!qs.some((q) => q.role === role))
        ctx.addIssue({ code: 'custom', path: [], message: '模板必须有一道“户主姓名”（role: headName）题' });
    }
  });

/** Body of POST /api/surveys/templates. */
export const TemplateCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).default(''),
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .nullable()
      .optional()
      .describe('模板所属社工站；县级管理员可省略，表示全县通用'),
    questions: questionsSchema,
    columnMapping: ColumnMappingSchema.default({}),
  })
  .strict();
export type TemplateCreate = z.infer<typeof TemplateCreateSchema>;

/** Body of PATCH /api/surveys/templates/:id. */
export const TemplatePatchSchema = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().trim().max(1000), questions: questionsSchema })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, '至少修改一个字段');

/** Body of PUT /api/surveys/templates/:id/column-mapping. */
export const ColumnMappingBodySchema = z.object({ columnMapping: ColumnMappingSchema }).strict();

/** :id of a template or response. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

/** What clients see of a template. */
export const TemplateViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  countyCode: z.string(),
  stationCode: z.string().nullable(),
  questions: z.array(QuestionSchema),
  columnMapping: z.record(z.string(), z.string()),
  updatedAt: z.date(),
});
export type TemplateView = z.infer<typeof TemplateViewSchema>;

/** One answer: text, number, or the chosen options of a multi-choice question. */
export const AnswerSchema = z.union([text(4000), z.number(), z.array(text(200)).max(50)]);

/** Body of POST /api/surveys/responses: one household visit 入户调查. */
export const ResponseCreateSchema = z
  .object({
    templateId: z.string().regex(/^[a-f0-9]{24}$/i, '模板编号格式不正确'),
    communityCode: CommunityCodeSchema,
    answers: z.record(RecordKeySchema, AnswerSchema),
    location: LocationSchema.optional(),
    keyTarget: z.boolean().optional(),
  })
  .strict();
export type ResponseCreate = z.infer<typeof ResponseCreateSchema>;

/** Query of GET /api/surveys/responses. */
export const ResponseListQuerySchema = z
  .object({
    householdId: z
      .string()
      .regex(/^[a-f0-9]{24}$/i)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

/** What clients see of a survey response; answers only for those who may see sensitive fields. */
export const ResponseViewSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  stationCode: z.string(),
  communityCode: z.string(),
  householdId: z.string(),
  needIds: z.array(z.string()),
  answers: z.record(z.string(), AnswerSchema).nullable(),
  takenBy: z.string(),
  createdAt: z.date(),
});

/** Result of recording a response: the response, whether it was new, and what it wrote. */
export const ResponseResultSchema = z.object({
  response: ResponseViewSchema,
  created: z.boolean(),
  householdCreated: z.boolean(),
  needsCreated: z.number(),
});
