import { z } from 'zod';
import { NUL_MESSAGE, hasNoNul } from '../shared/text.js';
import { importProblemSchema } from './problem.js';

/** Query of POST /api/imports (the body is the file itself). */
export const UploadQuerySchema = z
  .object({
    filename: z.string().trim().min(1, '请提供文件名 filename').max(200).refine(hasNoNul, NUL_MESSAGE),
    templateId: z
      .string()
      .regex(/^[a-f0-9]{24}$/i, '模板编号格式不正确')
      .optional()
      .describe('缺省使用全县通用的默认入户调查模板'),
    stationCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional()
      .describe('县级管理员可指定导入到哪个社工站；缺省按“所在镇”列分配'),
  })
  .strict();

/** :id of an import job. */
export const JobIdSchema = z.object({ id: z.string().min(1).max(64) });

/** Body of PUT /api/imports/:id/mapping. */
export const JobMappingSchema = z
  .object({
    columnMapping: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/), z.string().min(1).max(200).refine(hasNoNul, NUL_MESSAGE)),
    saveToTemplate: z.boolean().default(false).describe('正式导入时把该列对应关系保存到模板（试导入或放弃不会保存）'),
  })
  .strict();

/** Query of POST /api/imports/:id/commit. */
export const CommitQuerySchema = z
  .object({
    wait: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('等待导入完成再返回（适合小文件）'),
  })
  .strict();

const CountsSchema = z.object({
  valid: z.number(),
  invalid: z.number(),
  householdsCreated: z.number(),
  householdsMatched: z.number(),
  needsCreated: z.number(),
  unchanged: z.number(),
  skipped: z.number().describe('空白行（已跳过，不算问题）'),
  placedFromAddress: z.number().describe('从地址中找到村(社区)的行'),
});

/** What clients see of an import job. */
export const JobViewSchema = z.object({
  id: z.string(),
  stationCode: z.string().nullable(),
  filename: z.string(),
  bytes: z.number(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  templateId: z.string(),
  headers: z.array(z.string()),
  columnMapping: z.record(z.string(), z.string()),
  saveMappingToTemplate: z.boolean(),
  missingColumns: z.array(importProblemSchema),
  status: z.enum(['uploaded', 'running', 'completed', 'failed']),
  totalRows: z.number().nullable(),
  rowsDone: z.number(),
  counts: CountsSchema,
  problems: z.array(importProblemSchema),
  problemCount: z.number(),
  error: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

/** Response of a dry run. */
export const DryRunViewSchema = z.object({
  jobId: z.string(),
  totalRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  problems: z.array(importProblemSchema),
  problemCount: z.number(),
  byStation: z.record(z.string(), z.number()),
  skippedRows: z.number().describe('空白行（已跳过）'),
  placedFromAddress: z.number().describe('从地址中找到村(社区)的行数'),
  unplacedRows: z.array(z.number()).describe('地址中找不到村(社区)的行号（最多 1000 个）'),
  villageColumn: z.boolean().describe('文件是否有“所在村(社区)”列'),
});

/** Query of GET /api/imports/template.xlsx. */
export const TemplateDownloadQuery = z
  .object({
    templateId: z
      .string()
      .regex(/^[a-f0-9]{24}$/i, '模板编号格式不正确')
      .optional(),
  })
  .strict();
