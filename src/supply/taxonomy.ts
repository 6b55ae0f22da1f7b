import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One need category of the taxonomy (code and Chinese name). */
export interface Category {
  code: string;
  name: string;
}

/** The 18 default categories of DOMAIN.md, used when seeds/taxonomy.json is absent or unreadable. */
const DEFAULT_CATEGORIES: Category[] = [
  { code: 'meal', name: '助餐/送餐' },
  { code: 'daily_care', name: '生活照料' },
  { code: 'medical_escort', name: '助医/陪诊' },
  { code: 'health_check', name: '健康监测' },
  { code: 'bathing', name: '助浴' },
  { code: 'home_repair', name: '维修/适老化' },
  { code: 'emotional', name: '心理疏导/精神慰藉' },
  { code: 'visiting', name: '探访关爱' },
  { code: 'tutoring', name: '学业辅导' },
  { code: 'child_care', name: '儿童关爱' },
  { code: 'legal_aid', name: '法律援助' },
  { code: 'assistance_application', name: '政策咨询/救助申请代办' },
  { code: 'employment', name: '就业帮扶' },
  { code: 'material_aid', name: '物资援助' },
  { code: 'financial_aid', name: '资金救助' },
  { code: 'rehabilitation', name: '康复训练' },
  { code: 'digital_help', name: '数字助老' },
  { code: 'transport', name: '出行协助' },
];

function loadCategories(): Category[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/taxonomy.json');
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { categories?: Array<{ code?: unknown; name?: unknown }> };
    const categories = (parsed.categories ?? [])
      .filter((c): c is { code: string; name: string } => typeof c.code === 'string' && typeof c.name === 'string')
      .map((c) => ({ code: c.code, name: c.name }));
    return categories.length ? categories : DEFAULT_CATEGORIES;
  } catch {
    return DEFAULT_CATEGORIES;
  }
}

/** The need taxonomy the supply side accepts (seeds/taxonomy.json when present, else DOMAIN.md's defaults). */
export const CATEGORIES: readonly Category[] = loadCategories();

/** Category codes, as a non-empty tuple for z.enum. */
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [string, ...string[]];

/** Chinese name of a category code (the code itself when unknown). */
export function categoryName(code: string): string {
  return CATEGORIES.find((c) => c.code === code)?.name ?? code;
}

/** Beneficiary groups of DOMAIN.md. */
export const BENEFICIARY_GROUPS = [
  '低保对象', '低保边缘', '特困人员', '空巢老人', '独居老人', '高龄老人', '留守老人', '留守儿童', '困境儿童',
  '孤儿', '事实无人抚养儿童', '残疾人', '重病患者', '因病致贫', '失业人员', '优抚对象', '其他',
] as const;
