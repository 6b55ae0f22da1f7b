import { z } from 'zod';
import { defaultTaxonomy } from '../../matchers/index.js';

/** One category of the need taxonomy (seeds/taxonomy.json, validated by the matching engine's schema). */
export type Category = (typeof defaultTaxonomy.categories)[number];

/** The need taxonomy, shared with the matching engine so both always agree on the codes. */
export const CATEGORIES: readonly Category[] = defaultTaxonomy.categories;

/** Category codes, for the zod enum. */
const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [string, ...string[]];

/** A taxonomy code. */
export const CategorySchema = z.enum(CATEGORY_CODES, { message: '未知的服务类别' });

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

/** The Chinese name of a category code (the code itself when a station extended the taxonomy). */
export function categoryName(code: string): string;
export function categoryName(code: string | undefined | null): string | undefined;
export function categoryName(code: string | undefined | null): string | undefined {
  if (code === undefined || code === null) return undefined;
  return CATEGORIES.find((c) => c.code === code)?.name ?? code;
}
