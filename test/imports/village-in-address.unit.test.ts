import { describe, expect, it } from 'vitest';
import { communityInAddress } from '../../src/imports/village-in-address.js';

const communities = [
  { code: '620723106201', name: '白寨村委会' },
  { code: '620723106202', name: '小屯村委会' },
  { code: '620723101001', name: '东关街社区居委会' },
  { code: '620723101201', name: '沙河村委会' },
  { code: '620723101202', name: '新华村委会' },
  { code: '620723101203', name: '新华东村委会' },
];
const strip = ['临泽县', '沙河镇', '鸭暖镇'];

describe('communityInAddress (a file without a village column)', () => {
  it('finds the village by its full name anywhere in the address', () => {
    expect(communityInAddress(communities, '鸭暖镇白寨村3社8号', strip)?.code).toBe('620723106201');
    expect(communityInAddress(communities, '临泽县沙河镇东关街社区 5 号楼', strip)?.code).toBe('620723101001');
  });

  it('finds it without 村/社区 when exactly one name fits', () => {
    expect(communityInAddress(communities, '小屯二组', strip)?.code).toBe('620723106202');
  });

  it('does not read the township 沙河镇 as the village 沙河村', () => {
    expect(communityInAddress(communities, '沙河镇12号', strip)).toBeUndefined();
    expect(communityInAddress(communities, '沙河镇沙河村3组', strip)?.code).toBe('620723101201');
  });

  it('prefers the longest name (新华东村 over 新华村), and gives up when two villages fit', () => {
    expect(communityInAddress(communities, '新华东村一组', strip)?.code).toBe('620723101203');
    expect(communityInAddress(communities, '白寨村和小屯村之间', strip)).toBeUndefined();
  });

  it('gives up on an address naming no village of the station', () => {
    expect(communityInAddress(communities, '张掖市甘州区南关', strip)).toBeUndefined();
    expect(communityInAddress(communities, '', strip)).toBeUndefined();
  });
});
