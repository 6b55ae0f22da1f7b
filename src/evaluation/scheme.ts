import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** How an indicator's value becomes a share of its weight. */
export const ScoringRuleSchema = z.discriminatedUnion('kind', [
  /** The first step whose `min` the value reaches gives its fraction; below every step, 0. */
  z.object({
    kind: z.literal('threshold'),
    steps: z.array(z.object({ min: z.number(), fraction: z.number().min(0).max(1) }).strict()).min(1),
  }),
  /** 0 at or below `zeroAt`, full at or above `fullAt`, linear between. */
  z
    .object({ kind: z.literal('linear'), zeroAt: z.number(), fullAt: z.number() })
    .refine((r) => r.fullAt > r.zeroAt, '满分点必须大于零分点'),
  /** Value 1 (yes) earns the weight, 0 nothing. */
  z.object({ kind: z.literal('boolean') }),
  /** The evaluator enters the score itself (0 … weight). */
  z.object({ kind: z.literal('manual') }),
]);
export type ScoringRule = z.infer<typeof ScoringRuleSchema>;

export const IndicatorSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,20}$/),
    group: z.string().min(1),
    name: z.string().min(1).max(60),
    description: z.string().max(300).default(''),
    /**
     * computed: a provider (see providers.ts) reads it from records; if no provider is registered under
     * that id yet, the evaluator enters the value. entered: the evaluator always enters it.
     */
    source: z.enum(['computed', 'entered']),
    provider: z.string().optional(),
    unit: z.string().max(10).default(''),
    weight: z.number().positive().max(100),
    rule: ScoringRuleSchema,
  })
  .strict()
  .refine((i) => i.source !== 'computed' || Boolean(i.provider), { message: '计算类指标必须指明数据来源（provider）', path: ['provider'] });
export type Indicator = z.infer<typeof IndicatorSchema>;

/** An evaluation scheme: indicators in groups (建设评估, 运行评估), weights and star thresholds. */
export const EvaluationSchemeSchema = z
  .object({
    id: z.string().min(1).max(40),
    version: z.string().min(1).max(20),
    name: z.string().min(1).max(100),
    basis: z.string().max(1000).default(''),
    groups: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()).min(1),
    indicators: z.array(IndicatorSchema).min(1).max(200),
    stars: z
      .array(z.object({ level: z.number().int().min(1).max(5), name: z.string().min(1), minScore: z.number().min(0) }).strict())
      .min(1)
      .max(5),
  })
  .strict()
  .superRefine((s, ctx) => {
    const groups = new Set(s.groups.map((g) => g.id));
    const ids = new Set<string>();
    s.indicators.forEach((ind, i) => {
      if (!groups.has(ind.group))
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'group'], message: `未定义的指标组：${ind.group}` });
      if (ids.has(ind.id)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'id'], message: `指标编号重复：${ind.id}` });
      ids.add(ind.id);
    });
    const sorted = [...s.stars].sort((a, b) => a.level - b.level);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.minScore <= sorted[i - 1]!.minScore)
        ctx.addIssue({ code: 'custom', path: ['stars'], message: '星级分数线必须随星级递增' });
    }
  });
export type EvaluationScheme = z.infer<typeof EvaluationSchemeSchema>;

/** The default scheme shipped in seeds/ (built from the seed documents). */
export const DEFAULT_SCHEME: EvaluationScheme = EvaluationSchemeSchema.parse(
  JSON.parse(readFileSync(new URL('../../seeds/evaluation-scheme.default.json', import.meta.url), 'utf8')),
);

/** The share of the weight a value earns under a rule (manual rules are scored directly). */
export function fractionOf(rule: ScoringRule, value: number): number {
  switch (rule.kind) {
    case 'threshold':
      return [...rule.steps].sort((a, b) => b.min - a.min).find((s) => value >= s.min)?.fraction ?? 0;
    case 'linear':
      return Math.min(1, Math.max(0, (value - rule.zeroAt) / (rule.fullAt - rule.zeroAt)));
    case 'boolean':
      return value >= 1 ? 1 : 0;
    case 'manual':
      return 0;
  }
}

/** Score of an indicator for a value, rounded to 0.01. */
export function scoreOf(ind: Indicator, value: number): number {
  return Math.round(ind.weight * fractionOf(ind.rule, value) * 100) / 100;
}

/** The star level a total earns (0: below 一星). */
export function starOf(scheme: EvaluationScheme, total: number): { level: number; name: string } {
  const star = [...scheme.stars].sort((a, b) => b.level - a.level).find((s) => total >= s.minScore);
  return star ? { level: star.level, name: star.name } : { level: 0, name: '未定级' };
}
