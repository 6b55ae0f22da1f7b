import type { Need, Organisation, Resource, Volunteer } from '../../matchers/types.js';

/** A point in 沙河镇, 临泽县. */
export const HOME = { lat: 39.14, lng: 100.16 };

/** Build a need with sensible defaults. */
export function need(over: Partial<Need> = {}): Need {
  return {
    id: 'n1',
    stationCode: '620723101',
    communityCode: '620723101201',
    title: '独居老人需要陪诊',
    description: '',
    groups: ['独居老人'],
    urgency: 'normal',
    location: HOME,
    schedule: { kind: 'recurring', windows: [] },
    skills: [],
    status: 'open',
    source: 'survey',
    ...over,
  };
}

/** Build a volunteer with sensible defaults. */
export function volunteer(over: Partial<Volunteer> = {}): Volunteer {
  return {
    id: 'v1',
    stationCode: '620723101',
    name: '李梅',
    skills: ['陪诊', '代配药'],
    description: '退休护士',
    certifications: ['护士'],
    availability: [{ day: 3, start: '08:00', end: '12:00' }],
    location: { lat: 39.15, lng: 100.17 },
    radiusKm: 5,
    maxActive: 3,
    active: 0,
    ...over,
  };
}

/** Build an organisation with sensible defaults. */
export function organisation(over: Partial<Organisation> = {}): Organisation {
  return {
    id: 'o1',
    name: '夕阳红助老服务社',
    type: '社区社会组织',
    categories: ['medical_escort'],
    description: '陪诊助医',
    coverage: { communityCodes: ['620723101201'] },
    capacityPerMonth: 30,
    usedThisMonth: 0,
    ...over,
  };
}

/** Build a resource with sensible defaults. */
export function resource(over: Partial<Resource> = {}): Resource {
  return {
    id: 'r1',
    donor: '爱心企业',
    category: 'material_aid',
    title: '大米',
    description: '10斤装大米',
    remaining: { amount: 100, unit: '斤' },
    eligibility: {},
    ...over,
  };
}

/** The clock used by tests: a Monday morning in China. */
export const NOW = '2026-11-23T08:00:00+08:00';
