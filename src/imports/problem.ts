import { z } from 'zod';

/**
 * One problem found while importing a questionnaire export.
 * `row` is the spreadsheet row number as the user sees it (header = row 1 in a
 * plain export), `column` the header text, `reason` a Chinese explanation.
 */
export const importProblemSchema = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  reason: z.string().min(1),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;
