import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { StationScope } from '../../src/auth/actor.js';
import { countOpenNeeds, pageOfNeeds, searchPattern } from '../../src/needs/board-query.js';
import type { NeedDoc } from '../../src/needs/model.js';
import { NeedListQuerySchema, type NeedListQuery } from '../../src/needs/schema.js';

const COUNTY = '620723';
const SHAHE = '620723101';
const PINGCHUAN = '620723104';
const county: StationScope = { kind: 'county', countyCode: COUNTY };
const H1 = 'a'.repeat(24);
const shahe: StationScope = { kind: 'station', countyCode: COUNTY, stationCode: SHAHE };

let seq = 0;
function need(over: Partial<NeedDoc>): NeedDoc {
  seq++;
  // Ids grow with creation, as ObjectIds do.
  const _id = new Types.ObjectId(
    Types.ObjectId.createFromTime(1_700_000_000 + seq)
      .toHexString()
      .slice(0, 18) + String(seq).padStart(6, '0'),
  );
  return {
    _id,
    countyCode: COUNTY,
    stationCode: SHAHE,
    communityCode: `${SHAHE}201`,
    householdId: null,
    category: 'meal',
    title: `需求${seq}`,
    description: '',
    groups: [],
    urgency: 'normal',
    location: { lat: 39.1, lng: 100.1 },
    schedule: { kind: 'recurring', windows: [] },
    skills: [],
    quantity: null,
    status: 'open',
    source: 'survey',
    closeReason: null,
    history: [],
    revision: 0,
    urgencyRank: 1,
    dueMs: 8.64e15,
    sourceKey: `k${seq}`,
    surveyResponseId: null,
    importJobId: null,
    createdBy: 'u',
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  };
}

const q = (raw: Record<string, unknown>): NeedListQuery => NeedListQuerySchema.parse(raw);
const ids = (list: NeedDoc[]) => list.map((n) => String(n._id));

const list = [
  need({ title: '送餐上门', urgency: 'high', urgencyRank: 2, dueMs: 3000, groups: ['独居老人'] }),
  need({ title: '陪同就医', category: 'medical_escort', urgency: 'critical', urgencyRank: 3, dueMs: 1000, householdId: H1 }),
  need({ title: '修水管', description: undefined as unknown as string, status: 'assigned', urgencyRank: 1, dueMs: 2000 }),
  need({ title: '作业辅导', stationCode: PINGCHUAN, communityCode: `${PINGCHUAN}201`, urgency: 'low', urgencyRank: 0 }),
  need({ title: '别县的', countyCode: '620724', stationCode: '620724101' }),
  need({ title: '打扫卫生', description: '老人独居，需要每周打扫', status: 'matching', urgency: 'high', urgencyRank: 2 }),
];

const docs = new Map(list.map((n) => [String(n._id), n]));

describe('needs list over the mirror', () => {
  it('filters by status, urgency, category, group, village and household, within scope only', () => {
    const titles = (scope: StationScope, raw: Record<string, unknown>) => pageOfNeeds(docs, scope, q(raw)).items.map((n) => n.title);
    expect(titles(county, { status: 'open,matching', sort: 'createdAt' })).toEqual(['送餐上门', '陪同就医', '作业辅导', '打扫卫生']);
    expect(titles(shahe, { status: 'open,matching', sort: 'createdAt' })).toEqual(['送餐上门', '陪同就医', '打扫卫生']);
    expect(titles(county, { urgency: 'high,critical', sort: 'createdAt' })).toEqual(['送餐上门', '陪同就医', '打扫卫生']);
    expect(titles(county, { category: 'medical_escort' })).toEqual(['陪同就医']);
    expect(titles(county, { group: '独居老人' })).toEqual(['送餐上门']);
    expect(titles(county, { communityCode: `${PINGCHUAN}201` })).toEqual(['作业辅导']);
    expect(titles(county, { householdId: H1 })).toEqual(['陪同就医']);
    expect(titles(county, { householdId: 'b'.repeat(24) })).toEqual([]);
  });

  it('searches the words of the need, the households and villages found, never a missing description', () => {
    const search = (text: string, householdIds: string[] = [], communityCodes: string[] = []) =>
      pageOfNeeds(docs, county, q({ q: text, sort: 'createdAt' }), {
        pattern: searchPattern(text),
        householdIds: new Set(householdIds),
        communityCodes: new Set(communityCodes),
      }).items.map((n) => n.title);
    expect(search('独居')).toEqual(['打扫卫生']);
    expect(search('undefined')).toEqual([]);
    expect(search('张三', [H1])).toEqual(['陪同就医']);
    expect(search('平川', [], [`${PINGCHUAN}201`])).toEqual(['作业辅导']);
    expect(search('.*')).toEqual([]); // taken literally
  });

  it('sorts by urgency and due date with ties by id, and gives the exact total', () => {
    const page = pageOfNeeds(docs, county, q({ sort: '-urgency', limit: 3 }));
    expect(page.items.map((n) => n.title)).toEqual(['陪同就医', '打扫卫生', '送餐上门']);
    expect(page.total).toBe(5);
    expect(pageOfNeeds(docs, county, q({ sort: 'dueBy', limit: 3 })).items.map((n) => n.title)).toEqual(['陪同就医', '修水管', '送餐上门']);
  });

  it('cursor pages walk the whole order once; offset pages match slices and give no cursor', () => {
    for (const sort of ['createdAt', '-createdAt', 'urgency', '-urgency', 'dueBy', '-dueBy']) {
      const all = pageOfNeeds(docs, county, q({ sort, limit: 200 }));
      const walked: NeedDoc[] = [];
      let cursor: string | undefined;
      do {
        const page = pageOfNeeds(docs, county, q({ sort, limit: 2, ...(cursor ? { cursor } : {}) }));
        walked.push(...page.items);
        expect(page.total).toBe(5);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids(walked)).toEqual(ids(all.items));
      const byOffset = pageOfNeeds(docs, county, q({ sort, limit: 2, offset: 2 }));
      expect(ids(byOffset.items)).toEqual(ids(all.items.slice(2, 4)));
      expect(byOffset.nextCursor).toBeNull();
    }
  });

  it('counts open and urgent needs of the scope', () => {
    expect(countOpenNeeds(list, county)).toEqual({ open: 4, urgent: 3 });
    expect(countOpenNeeds(list, shahe)).toEqual({ open: 3, urgent: 3 });
  });
});
