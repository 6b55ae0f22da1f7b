import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** One category of the need taxonomy. */
export interface Category {
  code: string;
  name: string;
  synonyms: string[];
  material: boolean;
}

/** The 18 default categories of DOMAIN.md, used when seeds/taxonomy.json is absent. */
const DEFAULT_CATEGORIES: Array<[string, string]> = [
  ['meal', '助餐/送餐'],
  ['daily_care', '生活照料'],
  ['medical_escort', '助医/陪诊'],
  ['health_check', '健康监测'],
  ['bathing', '助浴'],
  ['home_repair', '维修/适老化'],
  ['emotional', '心理疏导/精神慰藉'],
  ['visiting', '探访关爱'],
  ['tutoring', '学业辅导'],
  ['child_care', '儿童关爱'],
  ['legal_aid', '法律援助'],
  ['assistance_application', '政策咨询/救助申请代办'],
  ['employment', '就业帮扶'],
  ['material_aid', '物资援助'],
  ['financial_aid', '资金救助'],
  ['rehabilitation', '康复训练'],
  ['digital_help', '数字助老'],
  ['transport', '出行协助'],
];

const FileSchema = z.object({
  categories: z.array(
    z.object({ code: z.string(), name: z.string(), synonyms: z.array(z.string()).default([]), material: z.boolean().default(false) }),
  ),
});

function load(): Category[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/taxonomy.json');
  if (fs.existsSync(file)) {
    const parsed = FileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.categories.length) return parsed.data.categories;
  }
  return DEFAULT_CATEGORIES.map(([code, name]) => ({ code, name, synonyms: [], material: code === 'material_aid' || code === 'financial_aid' }));
}

/** The need taxonomy: seeds/taxonomy.json when present, else the DOMAIN.md defaults. Loaded once. */
export const CATEGORIES: readonly Category[] = load();

/** Category codes, for the zod enum. */
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [string, ...string[]];

/** A taxonomy code. */
export const CategorySchema = z.enum(CATEGORY_CODES);

/** The category a questionnaire option names ("助餐/送餐", "送餐", "陪诊"), or undefined. */
export function categoryFromText(text: string): Category | undefined {
  const t = text.replace(/[:：].*$/u, '').trim();
  if (!t) return undefined;
  return (
    CATEGORIES.find((c) => c.name === t || c.code === t) ??
    CATEGORIES.find((c) => c.name.split('/').includes(t)) ??
    CATEGORIES.find((c) => c.synonyms.includes(t))
  );
}

/** The Chinese name of a category code. */
export function categoryName(code: string | undefined | null): string | undefined {
  return CATEGORIES.find((c) => c.code === code)?.name;
}
