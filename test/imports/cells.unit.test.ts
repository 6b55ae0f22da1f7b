import { describe, expect, it } from 'vitest';
import {
  contentKey,
  excelSerialToDate,
  normaliseAddress,
  normaliseName,
  normaliseUrgency,
  parseChineseDate,
  splitMultiChoice,
  splitMultiChoiceDetailed,
  validateName,
} from '../../src/imports/cells.js';
import { isBlankAnswer, toHalfWidth } from '../../src/shared/text.js';
import { isValidIdNumber, maskIdNumber } from '../../src/shared/id-number.js';
import { maskPhone, normalisePhone } from '../../src/shared/phone.js';
import { importProblemSchema } from '../../src/imports/problem.js';

const iso = (s: string | number) => {
  const r = parseChineseDate(s);
  if (!r.ok) throw new Error(r.reason);
  return r.value.toISOString();
};
const reason = (s: string | number) => {
  const r = parseChineseDate(s);
  if (r.ok) throw new Error(`expected a problem for ${s}, got ${r.value.toISOString()}`);
  return r.reason;
};

describe('parseChineseDate', () => {
  it('reads the usual export formats as China time (UTC+8)', () => {
    expect(iso('2024年3月5日')).toBe('2024-03-04T16:00:00.000Z');
    expect(iso('2024/3/5 14:22:00')).toBe('2024-03-05T06:22:00.000Z');
    expect(iso('2024/3/5 14:22')).toBe('2024-03-05T06:22:00.000Z');
    expect(iso('2024-03-05')).toBe('2024-03-04T16:00:00.000Z');
    expect(iso('2024.3.5')).toBe('2024-03-04T16:00:00.000Z');
    expect(iso('20240305')).toBe('2024-03-04T16:00:00.000Z');
    expect(iso('２０２４年３月５日')).toBe('2024-03-04T16:00:00.000Z');
    expect(iso('2024年3月5日 14时22分')).toBe('2024-03-05T06:22:00.000Z');
    expect(iso('2024年3月5日下午2:22')).toBe('2024-03-05T06:22:00.000Z');
    expect(iso('2024-03-05T14:22:00')).toBe('2024-03-05T06:22:00.000Z');
    expect(iso('2024-03-05T14:22:00Z')).toBe('2024-03-05T14:22:00.000Z');
    expect(iso('2024-03-05 14:22:00+08:00')).toBe('2024-03-05T06:22:00.000Z');
  });

  it('reads Excel serial numbers', () => {
    expect(iso(45356)).toBe('2024-03-04T16:00:00.000Z'); // 2024-03-05 00:00 China time
    expect(iso('45356.5')).toBe('2024-03-05T04:00:00.000Z'); // noon
    expect(excelSerialToDate(45356, { utcOffsetMinutes: 0 })).toEqual({ ok: true, value: new Date('2024-03-05T00:00:00Z') });
  });

  it('honours another offset', () => {
    const r = parseChineseDate('2024-03-05', { utcOffsetMinutes: 0 });
    expect(r.ok && r.value.toISOString()).toBe('2024-03-05T00:00:00.000Z');
  });

  it('explains impossible and unreadable dates in Chinese', () => {
    expect(reason('2024/2/30 10:15:00')).toBe('日期不存在：2024年2月30日');
    expect(reason('2023-02-29')).toContain('日期不存在');
    expect(iso('2024-02-29')).toBe('2024-02-28T16:00:00.000Z'); // leap year
    expect(reason('2024/13/1')).toContain('日期不存在');
    expect(reason('2024/3/5 25:00')).toContain('时间不合法');
    expect(reason('明天下午')).toContain('无法识别的日期');
    expect(reason('2024')).toContain('只有年份');
    expect(reason(2024)).toContain('只有年份');
    expect(reason('2024年3月')).toContain('缺少日');
    expect(reason('1800-01-01')).toContain('年份');
    expect(reason('')).toBe('日期为空');
    expect(reason('(跳过)')).toBe('日期为空');
    expect(reason('12')).toContain('无法识别');
  });
});

describe('splitMultiChoice', () => {
  it('splits on every separator the platforms use', () => {
    expect(splitMultiChoice('独居老人┋高龄老人')).toEqual(['独居老人', '高龄老人']);
    expect(splitMultiChoice('a;b；c,d，e|f｜g')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(splitMultiChoice(' 助餐/送餐 ┋ ┋探访关爱┋')).toEqual(['助餐/送餐', '探访关爱']);
    expect(splitMultiChoice('助浴┋助浴')).toEqual(['助浴']);
  });

  it('keeps 问卷星 fill-in text, even when it contains separators', () => {
    expect(splitMultiChoice('助餐/送餐┋其他〖需要理发，还要洗澡〗')).toEqual(['助餐/送餐', '其他：需要理发，还要洗澡']);
    expect(splitMultiChoiceDetailed('其他(请注明)〖需要理发〗')).toEqual([{ option: '其他', fillIn: '需要理发' }]);
    expect(splitMultiChoice('其他〖〗')).toEqual(['其他']);
    expect(splitMultiChoice('其他【修电视】')).toEqual(['其他：修电视']);
  });

  it('drops empties and skipped-question placeholders', () => {
    expect(splitMultiChoice('')).toEqual([]);
    expect(splitMultiChoice(undefined)).toEqual([]);
    expect(splitMultiChoice('(跳过)')).toEqual([]);
    expect(splitMultiChoice('（空）')).toEqual([]);
  });
});

describe('names and addresses', () => {
  it('normalises names', () => {
    expect(normaliseName(' 张 三 ')).toBe('张三');
    expect(normaliseName('帕塔尔 • 胡加买')).toBe('帕塔尔·胡加买');
    expect(normaliseName('帕塔尔.胡加买')).toBe('帕塔尔·胡加买');
    expect(normaliseName('Ｌｉ　Ｍｉｎｇ')).toBe('Li Ming');
    expect(validateName('')).toEqual({ ok: false, reason: '姓名为空' });
    expect(validateName('(跳过)')).toEqual({ ok: false, reason: '姓名为空' });
    expect(validateName('无').ok).toBe(false);
    expect(validateName('张3').ok).toBe(false);
    expect(validateName('王 秀英')).toEqual({ ok: true, value: '王秀英' });
  });

  it('normalises addresses: full-width to half-width, whitespace', () => {
    expect(normaliseAddress('沙河镇　花园村 ３社 １２号')).toBe('沙河镇花园村3社12号');
    expect(normaliseAddress('颐和家园（东区）Ａ栋\t2单元')).toBe('颐和家园(东区)A栋2单元');
    expect(toHalfWidth('１２３ＡＢＣ，')).toBe('123ABC,');
  });

  it('recognises blank answers', () => {
    expect(isBlankAnswer('  ')).toBe(true);
    expect(isBlankAnswer('(跳过)')).toBe(true);
    expect(isBlankAnswer('无')).toBe(false);
  });
});

describe('phones', () => {
  it('accepts mobiles written the messy ways', () => {
    for (const s of [
      '13912345678',
      '139 1234 5678',
      '139-1234-5678',
      '+86 139 1234 5678',
      '+8613912345678',
      '008613912345678',
      '８６－１３９１２３４５６７８',
      ' 13912345678 ',
    ]) {
      expect(normalisePhone(s)).toEqual({ ok: true, value: '13912345678' });
    }
    expect(normalisePhone(13912345678)).toEqual({ ok: true, value: '13912345678' });
  });

  it('accepts landlines with area code', () => {
    expect(normalisePhone('0936-5521234')).toEqual({ ok: true, value: '09365521234' });
    expect(normalisePhone('(010)12345678')).toEqual({ ok: true, value: '01012345678' });
  });

  it('takes the first valid of several numbers', () => {
    expect(normalisePhone('无/13912345678')).toEqual({ ok: true, value: '13912345678' });
    expect(normalisePhone('13912345678、0936-5521234')).toEqual({ ok: true, value: '13912345678' });
  });

  it('explains bad numbers in Chinese', () => {
    const bad = (s: string) => {
      const r = normalisePhone(s);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.reason;
    };
    expect(bad('')).toBe('联系电话为空');
    expect(bad('1391234abc')).toContain('非数字');
    expect(bad('12012345678')).toContain('号段无效');
    expect(bad('5521234')).toContain('缺少区号');
    expect(bad('139123456')).toContain('位数不对');
    expect(bad('1.39123E+10')).toContain('科学计数法');
  });

  it('masks', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
    expect(maskPhone('0936-5521234')).toBe('093****1234');
    expect(maskPhone('12')).toBe('12');
    expect(maskPhone('')).toBe('');
  });
});

describe('ID numbers', () => {
  // Made-up numbers with a valid check digit (GB 11643), not real people's.
  const fake = '11010519491231002X';
  it('validates the check digit', () => {
    expect(isValidIdNumber(fake)).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300025')).toBe(false); // 2月30日
    expect(isValidIdNumber('abc')).toBe(false);
  });
  it('masks', () => {
    expect(maskIdNumber(fake)).toBe('1101**********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234')).toBe('**34');
  });
});

describe('urgency', () => {
  it('maps the common answers', () => {
    expect(normaliseUrgency('非常紧急')).toEqual({ ok: true, value: 'critical' });
    expect(normaliseUrgency('紧急')).toEqual({ ok: true, value: 'high' });
    expect(normaliseUrgency('B.紧急')).toEqual({ ok: true, value: 'high' });
    expect(normaliseUrgency('一般')).toEqual({ ok: true, value: 'normal' });
    expect(normaliseUrgency('不紧急')).toEqual({ ok: true, value: 'low' });
    expect(normaliseUrgency('看情况吧')).toMatchObject({ ok: false, reason: expect.stringContaining('无法识别的紧急程度') });
  });
});

describe('contentKey', () => {
  const headers = ['1、户主姓名', '2、联系电话', '9、需求描述'];
  const cells = { '1、户主姓名': '王秀英', '2、联系电话': '13912345678', '9、需求描述': '需要送餐' };
  it('is stable and ignores cosmetic differences', () => {
    const k = contentKey(cells, headers);
    expect(k).toMatch(/^[0-9a-f]{64}$/u);
    expect(contentKey({ ...cells }, headers)).toBe(k);
    expect(contentKey({ ...cells, '1、户主姓名': ' 王秀英 ' }, headers)).toBe(k);
    expect(contentKey({ ...cells, '2、联系电话': '１３９１２３４５６７８' }, headers)).toBe(k);
    expect(contentKey(cells)).toBe(k); // key order = header order
  });
  it('changes when a value or the column order changes', () => {
    const k = contentKey(cells, headers);
    expect(contentKey({ ...cells, '9、需求描述': '需要陪诊' }, headers)).not.toBe(k);
    expect(contentKey(cells, [...headers].reverse())).not.toBe(k);
    expect(contentKey({ 序号: '1', ...cells }, ['序号', ...headers], { ignore: ['序号'] })).toBe(k);
  });
});

describe('problem shape', () => {
  it('is a zod schema', () => {
    expect(importProblemSchema.parse({ row: 3, column: '1、户主姓名', reason: '姓名为空' })).toEqual({
      row: 3,
      column: '1、户主姓名',
      reason: '姓名为空',
    });
    expect(importProblemSchema.safeParse({ row: -1, column: 'x', reason: '' }).success).toBe(false);
  });
});
