import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/supply/deidentify.js';

describe('deidentify (task card text before accepting)', () => {
  it('masks a known household name and its members, longest first', () => {
    const out = deidentify('王秀兰腿脚不便，儿子王强在外地打工', { names: ['王秀兰', '王强'] });
    expect(out).toBe('某某某腿脚不便，儿子某某在外地打工');
  });

  it('masks mobile, landline and ID numbers in any common spelling', () => {
    for (const text of ['电话13912345678', '电话 139-1234-5678', '电话+86 139 1234 5678', '电话0936-5551234', '身份证620723195001011234']) {
      const out = deidentify(text);
      expect(out).not.toMatch(/\d{4}/u);
      expect(out).toContain('＊＊');
    }
  });

  it('masks house-level address details but keeps the village and dates', () => {
    const out = deidentify('住沙河村三组12号，11月3号前需要送米', {});
    expect(out).toBe('住沙河村＊＊，11月3号前需要送米');
    expect(deidentify('平川社区2单元301室')).toBe('平川社区＊＊');
  });

  it('masks the known address as a whole', () => {
    expect(deidentify('地址：临泽县沙河镇西关村5组，行动不便', { address: '临泽县沙河镇西关村5组' })).toBe('地址：＊＊，行动不便');
  });

  it('masks a labelled name and a surname before a kinship word', () => {
    expect(deidentify('联系人：李军，李大爷独居')).toBe('联系人：＊＊，某大爷独居');
  });

  it('keeps text without identifiers exactly as written (full-width punctuation included)', () => {
    const text = '需要陪同去县医院复查（每周二上午），老人听力不好。';
    expect(deidentify(text)).toBe(text);
  });
});
