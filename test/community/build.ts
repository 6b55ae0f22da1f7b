import type { Express } from 'express';
import request from 'supertest';
import type { SignedIn } from '../helpers/factories.js';

/** Communities of the LINZE stations used by the community tests. */
export const COMMUNITY = {
  shahe: '620723101002', // 东关街社区
  shaheVillage: '620723101209', // 花园村
  pingchuan: '620723104204', // 平川村
  yanuan: '620723106208', // 白寨村
} as const;

/** A valid household body; override any field. */
export function householdBody(overrides: Record<string, unknown> = {}) {
  return {
    communityCode: COMMUNITY.shahe,
    headName: '高春梅',
    phone: '13984541897',
    address: '沙河镇东关街社区东关街11号楼6单元',
    groups: ['独居老人', '高龄老人'],
    keyTarget: true,
    location: { lat: 39.151, lng: 100.162 },
    consent: { given: true, at: '2024-03-18T08:00:00Z', by: '高春梅' },
    members: [
      {
        name: '高春梅',
        relation: '本人',
        gender: 'female',
        birthYear: 1938,
        idNumber: '620723193805129082',
        phone: '13984541897',
        health: '高血压，行动不便',
        disability: { kind: '肢体', grade: '三级', certified: true },
        groups: ['独居老人'],
      },
    ],
    ...overrides,
  };
}

/** A valid need body; override any field. */
export function needBody(overrides: Record<string, unknown> = {}) {
  return {
    communityCode: COMMUNITY.shahe,
    category: 'meal',
    title: '每天中午送餐上门',
    description: '独居老人，腿脚不便，做饭困难，需要每天中午送餐上门。',
    groups: ['独居老人'],
    urgency: 'high',
    location: { lat: 39.151, lng: 100.162 },
    schedule: { kind: 'recurring', windows: [{ day: 1, start: '11:00', end: '12:30' }] },
    skills: ['送餐'],
    source: 'hotline',
    ...overrides,
  };
}

/** Creates a household through the API and returns its id. */
export async function postHousehold(app: Express, who: SignedIn, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(app).post('/api/households').set(who.auth).send(householdBody(overrides));
  if (res.status !== 201) throw new Error(`household: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Creates a need through the API and returns its id. */
export async function postNeed(app: Express, who: SignedIn, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(app).post('/api/needs').set(who.auth).send(needBody(overrides));
  if (res.status !== 201) throw new Error(`need: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
