import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { installChineseZodMessages, labelIssues } from '../../src/http/zod-messages.js';

installChineseZodMessages();

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : labelIssues(schema, r.error.issues).map((i) => i.message);
};

describe('validation messages in Chinese', () => {
  it('names the field and the limit instead of English', () => {
    const S = z.object({ title: z.string().trim().min(1).max(60) }).strict();
    expect(messages(S, { title: 'x'.repeat(61) })).toEqual(['标题最多 60 个字']);
    expect(messages(S, { title: '' })).toEqual(['标题不能为空']);
    expect(messages(S, {})).toEqual(['请填写标题']);
    expect(messages(S, { title: 'a', zz: 1 })).toEqual(['提交的内容中有 1 个不认识的字段']);
  });

  it('takes the name a schema gives its field (meta title or a short description) over the key', () => {
    const S = z.object({
      x: z.string().max(5).meta({ title: '花名' }),
      y: z.number().int().min(1).optional().describe('人数：参加的人'),
    });
    expect(messages(S, { x: 'abcdefg', y: 0 })).toEqual(['花名最多 5 个字', '人数不能小于 1']);
    expect(messages(S, { x: 'a', y: 1.5 })).toEqual(['人数应为整数']);
  });

  it('covers types, enums, formats, arrays and nested paths', () => {
    const S = z.object({
      urgency: z.enum(['low', 'high']),
      members: z.array(z.object({ name: z.string().max(3) })).max(1),
      date: z.string().regex(/^\d{4}$/u),
      amount: z.number(),
    });
    const out = messages(S, { urgency: 'x', members: [{ name: 'abcd' }], date: 'x', amount: 'many' });
    expect(out).toEqual(['紧急程度不在可选范围内', '名称最多 3 个字', '日期的格式不正确', '数量应为数字']);
    for (const m of out) expect(m).not.toMatch(/[A-Za-z]{2,}/u);
  });

  it('keeps messages a schema wrote itself', () => {
    expect(messages(z.object({ name: z.string().min(1, '姓名不能为空') }), { name: '' })).toEqual(['姓名不能为空']);
  });
});
