import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultItems } from '../../matchers/config.js';
import { buildIndex, defaultRules, rankNeed, type Resource } from '../../matchers/index.js';
import { ItemMatcher } from '../../matchers/text/items.js';
import { need, NOW, resource } from './fixtures.js';

const items = new ItemMatcher(defaultItems);
const named = (text: string) => items.namesOf(items.extract(text, false).mask);

describe('goods items', () => {
  it('splits compound goods words into items and reads synonyms', () => {
    expect(named('家里米面油都快吃完了')).toEqual(['米', '面', '油']);
    expect(named('粮油')).toEqual(['粮', '油']);
    expect(named('缺米缺油')).toEqual(['米', '油']);
    expect(named('需要大米和菜籽油')).toEqual(['米', '油']);
    expect(named('要一床被子，还缺取暖煤')).toEqual(['被', '煤']);
    expect(named('冬天没有取暖的炭')).toEqual(['煤']);
  });

  it('does not take a lone character out of another word', () => {
    expect(named('帮老人洗衣服、换洗被褥')).toEqual([]);
    expect(named('工资被拖欠，想见面谈谈')).toEqual([]);
    expect(named('给孩子加油')).toEqual([]);
  });

  it('lets a resource of rice or flour cover a need for grain, but not grain a need for rice', () => {
    expect(items.namesOf(items.extract('大米', true).mask)).toEqual(['米', '粮']);
    expect(items.namesOf(items.extract('粮油爱心包', true).mask)).toEqual(['粮', '油']);
  });

  it('ranks rice and oil above quilts and coal for 米面油, and says which items each covers', () => {
    const pool = {
      resources: [
        resource({ id: 'quilt', title: '冬季棉被', description: '新棉被' }),
        resource({ id: 'coal', title: '取暖煤', description: '每户一吨取暖煤', remaining: { amount: 30, unit: '吨' } }),
        resource({ id: 'rice', title: '爱心大米', description: '东北大米' }),
        resource({ id: 'riceoil', title: '粮油包', description: '大米、菜籽油' }),
      ],
    };
    const index = buildIndex(pool, defaultRules, NOW);
    const got = rankNeed(index, need({ category: 'material_aid', title: '需要米面油', description: '低保户家里米面油快吃完了' }), {
      top: 4,
    });
    expect(got.map((r) => r.id).slice(0, 2)).toEqual(['riceoil', 'rice']);
    const reason = got[0]?.reasons.find((r) => r.rule === 'items');
    expect(reason?.text).toContain('2/3');
    expect(reason?.text).toContain('缺：面');
  });

  it('never ranks a resource lower than one of the same category covering fewer of the need items, other things equal', () => {
    const vocab = ['大米', '面粉', '食用油', '棉被', '取暖煤', '轮椅', '奶粉'];
    const subset = fc.subarray(vocab, { minLength: 1 });
    fc.assert(
      fc.property(subset, subset, subset, fc.integer({ min: 0, max: 2 }), (wanted, a, b, extra) => {
        const overlap = (xs: string[]) => xs.filter((x) => wanted.includes(x)).length;
        // `more` covers at least as many of the need's items as `less`; nothing else tells them apart.
        const [moreItems, lessItems] = overlap(a) >= overlap(b) ? [a, b] : [b, a];
        if (overlap(moreItems) === overlap(lessItems)) return;
        const base: Omit<Resource, 'id' | 'title' | 'description'> = {
          donor: '爱心企业',
          category: 'material_aid',
          remaining: { amount: 100, unit: '份' },
          eligibility: {},
          location: { lat: 39.15, lng: 100.17 },
        };
        const fillers = ['爱心物资', '慈善捐赠', '冬季慰问'];
        const more = { ...base, id: 'more', title: moreItems.join('、'), description: fillers[extra] ?? '' };
        const less = { ...base, id: 'less', title: lessItems.join('、'), description: fillers[extra] ?? '' };
        // Both orders of ids, so the tie-break by id cannot be what puts `more` first.
        for (const [idMore, idLess] of [
          ['a', 'b'],
          ['b', 'a'],
        ] as const) {
          const index = buildIndex(
            {
              resources: [
                { ...more, id: idMore },
                { ...less, id: idLess },
              ],
            },
            defaultRules,
            NOW,
          );
          const got = rankNeed(index, need({ category: 'material_aid', title: `需要${wanted.join('、')}`, description: '' }), { top: 5 });
          const rank = (id: string) => got.findIndex((r) => r.id === id);
          expect(rank(idMore)).toBeGreaterThanOrEqual(0);
          if (rank(idLess) >= 0) expect(rank(idMore)).toBeLessThan(rank(idLess));
        }
      }),
      { numRuns: 150 },
    );
  });
});
