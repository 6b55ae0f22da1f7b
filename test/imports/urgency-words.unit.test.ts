import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { URGENCY_LABELS } from '../../src/contracts/labels.js';
import { normaliseUrgency } from '../../src/imports/cells.js';

type Level = keyof typeof URGENCY_LABELS;

describe('one urgency mapping for the survey template, the import and the console', () => {
  it('each word the console shows imports as the same level', () => {
    for (const [level, word] of Object.entries(URGENCY_LABELS)) expect(normaliseUrgency(word)).toEqual({ ok: true, value: level });
  });

  it('the default survey template offers exactly the console words, mapped to the same levels', () => {
    const template = JSON.parse(readFileSync(new URL('../../seeds/survey-template.json', import.meta.url), 'utf8')) as {
      questions: Array<{ role?: string; options: string[]; mapping: Record<string, { urgency?: Level }> }>;
    };
    const q = template.questions.find((x) => x.role === 'urgency')!;
    expect(q.options.sort()).toEqual(Object.values(URGENCY_LABELS).sort());
    for (const option of q.options) expect(URGENCY_LABELS[q.mapping[option]!.urgency!]).toBe(option);
  });

  it('an unknown word is refused with the console words as the hint', () => {
    const r = normaliseUrgency('马上');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toContain('非常紧急、紧急、一般、不紧急');
  });
});
