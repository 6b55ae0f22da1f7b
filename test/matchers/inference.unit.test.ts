import { describe, expect, it } from 'vitest';
import { buildIndex, defaultRules, getEngine, profileNeed, rankNeed } from '../../matchers/index.js';
import { need, NOW, organisation, volunteer } from './fixtures.js';

const engine = getEngine(defaultRules);
const code = (i: number) => (i >= 0 ? engine.codes[i] : undefined);

describe('categories inferred from what people say', () => {
  it('reads a sick child at night with no car as transport, with medical escort beside it, not child care', () => {
    const np = profileNeed(
      engine,
      need({ category: undefined, title: '孩子半夜发高烧，家里没有车', description: '需要有人开车送到县医院' }),
    );
    expect(np.categorySource).toBe('inferred');
    expect(code(np.category)).toBe('transport');
    expect(code(np.secondCategory)).toBe('medical_escort');
    expect(np.inferredFrom).toEqual(expect.arrayContaining(['开车', '医院']));
    expect(np.child).toBe(false);
  });

  it('reads a widow wanting to learn a craft or find work as employment', () => {
    const np = profileNeed(engine, need({ category: undefined, title: '丈夫去世后想学门手艺', description: '想学个手艺或者找份工作养家' }));
    expect(code(np.category)).toBe('employment');
  });

  it('keeps a second category only when the text supports it, and below the first', () => {
    const two = profileNeed(engine, need({ category: undefined, title: '开车送我去县城办理医保报销', description: '' }));
    expect(two.secondCategory).toBeGreaterThanOrEqual(0);
    expect(two.categoryWeights[two.category]).toBe(1);
    expect(two.categoryWeights[two.secondCategory]).toBeLessThan(1);
    expect([...two.categoryWeights].filter((w) => w > 0)).toHaveLength(2);
    const one = profileNeed(engine, need({ category: undefined, title: '想学用微信视频', description: '' }));
    expect(one.secondCategory).toBe(-1);
  });

  it('makes a need naming goods a material need', () => {
    const np = profileNeed(engine, need({ category: undefined, title: '米和油都没了', description: '' }));
    expect(code(np.category)).toBe('material_aid');
    expect(np.material).toBe(true);
    expect(np.itemCount).toBe(2);
  });

  it('says in the reasons that the category was inferred, and from which words', () => {
    const index = buildIndex(
      { volunteers: [volunteer({ id: 'driver', skills: ['开车接送'], availability: [], certifications: [] })] },
      defaultRules,
      NOW,
    );
    const [r] = rankNeed(index, need({ category: undefined, title: '想找人开车送我去县城', description: '' }));
    const text = r?.reasons.find((x) => x.rule === 'category')?.text ?? '';
    expect(text).toContain('推断');
    expect(text).toContain('开车');
  });
});

describe('urgent needs due within hours', () => {
  const due = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();
  // Monday 08:00: the volunteer is free this morning; the office answers on the next working day.
  const helper = volunteer({ id: 'v', availability: [{ day: 1, start: '08:00', end: '12:00' }], location: { lat: 39.141, lng: 100.161 } });
  const office = organisation({ id: 'o', coverage: { center: { lat: 39.14, lng: 100.16 }, radiusKm: 20 } });
  const urgent = need({ urgency: 'critical', schedule: { kind: 'once', windows: [], dueBy: due(4) } });

  it('puts an available volunteer nearby above an organisation that needs a working day', () => {
    const index = buildIndex({ volunteers: [helper], organisations: [office] }, defaultRules, NOW);
    const got = rankNeed(index, urgent);
    expect(got.map((r) => r.id)).toEqual(['v', 'o']);
    expect(got[1]?.reasons.find((x) => x.rule === 'urgency')?.text).toContain('工作日');
  });

  it('puts an organisation declaring a same-day response level with what it otherwise is', () => {
    const sameDay = { ...office, responseHours: 2 };
    const index = buildIndex({ volunteers: [helper], organisations: [sameDay] }, defaultRules, NOW);
    const fast = rankNeed(index, urgent).find((r) => r.id === 'o');
    const slow = rankNeed(buildIndex({ volunteers: [helper], organisations: [office] }, defaultRules, NOW), urgent).find(
      (r) => r.id === 'o',
    );
    expect(fast?.score).toBeGreaterThan(slow?.score ?? 1);
    expect(fast?.reasons.find((x) => x.rule === 'urgency')?.text).toContain('当天');
  });

  it('leaves needs due in more than a day as before', () => {
    const later = need({ urgency: 'critical', schedule: { kind: 'once', windows: [], dueBy: due(48) } });
    const index = buildIndex({ organisations: [office] }, defaultRules, NOW);
    expect(rankNeed(index, later)[0]?.reasons.find((x) => x.rule === 'urgency')?.text).toBe('紧急需求，可立即承接');
  });
});

describe('keywords in reasons', () => {
  it('names only meaningful words of both texts: no stop word, no word of an organisation name, no fragment', () => {
    const org = organisation({
      id: 'o',
      name: '临泽县智能手机社会工作服务中心',
      categories: ['digital_help'],
      description: '教老人用智能手机、视频通话，提供服务',
      coverage: { communityCodes: ['620723101201'] },
    });
    const index = buildIndex({ organisations: [org] }, defaultRules, NOW);
    const [r] = rankNeed(index, need({ category: 'digital_help', title: '需要服务：老人想学智能手机', description: '社会工作站介绍来的' }));
    const text = r?.reasons.find((x) => x.rule === 'text')?.text ?? '';
    const keywords = text.split('：')[1]?.split('、') ?? [];
    expect(keywords).toContain('智能手机');
    for (const junk of ['能手', '智能', '服务', '工作', '需要', '社会']) expect(keywords).not.toContain(junk);
  });
});
