import { randomInt } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createCharity } from '../../src/resources/charity.js';
import { testAuth } from './db.js';
import { LINZE, TEST_PASSWORD, buildCoordinator, type SignedIn } from './factories.js';

/** A fresh mainland mobile number, so test files never collide on usernames. */
export function randomPhone(): string {
  return `13${randomInt(0, 10)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

async function signIn(app: Express, username: string): Promise<SignedIn> {
  const res = await request(app).post('/api/auth/login').send({ username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    userId: res.body.user.id,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
    username,
  };
}

/** A volunteer registered through the public endpoint, signed in, and approved unless `approved: false`. */
export interface BuiltVolunteer extends SignedIn {
  id: string;
  phone: string;
  stationCode: string;
}

/** Registers (and by default approves) a volunteer with a complete profile near 沙河镇. */
export async function buildVolunteer(
  app: Express,
  opts: { stationCode?: string; approved?: boolean; approver?: SignedIn; profile?: Record<string, unknown> } = {},
): Promise<BuiltVolunteer> {
  const stationCode = opts.stationCode ?? LINZE.shahe;
  const phone = randomPhone();
  const res = await request(app)
    .post('/api/volunteers/register')
    .send({
      phone,
      password: TEST_PASSWORD,
      stationCode,
      name: '测试志愿者',
      skills: ['陪诊', '买菜'],
      description: '退休教师，熟悉本村情况',
      certifications: [],
      availability: [{ day: 2, start: '09:00', end: '12:00' }],
      location: { lat: 39.15, lng: 100.16 },
      radiusKm: 5,
      maxActive: 2,
      ...opts.profile,
    });
  if (res.status !== 202) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  // Registration answers alike for new and taken phones, so the profile id comes from the account itself.
  const signedIn = await signIn(app, phone);
  const id = (await request(app).get('/api/volunteers/me').set(signedIn.auth)).body.id as string;
  if (opts.approved !== false) {
    const approver = opts.approver ?? (await buildCoordinator(app, stationCode));
    const ok = await request(app).post(`/api/volunteers/${id}/approve`).set(approver.auth).send({});
    if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  }
  return { ...signedIn, id, phone, stationCode };
}

/** A charity of a county with a signed-in account. */
export interface BuiltCharity extends SignedIn {
  id: string;
  name: string;
}

/** Creates a charity and signs its account in. */
export async function buildCharity(app: Express, opts: { countyCode?: string; name?: string } = {}): Promise<BuiltCharity> {
  const phone = randomPhone();
  const name = opts.name ?? `爱心企业${phone.slice(-4)}`;
  const charity = await createCharity({
    auth: testAuth,
    countyCode: opts.countyCode ?? LINZE.county,
    input: { name, type: '爱心企业', contactPhone: phone, password: TEST_PASSWORD },
  });
  return { ...(await signIn(app, phone)), id: String(charity._id), name };
}

/** Posts a resource as a charity; returns the created view. */
export async function buildResource(app: Express, charity: SignedIn, overrides: Record<string, unknown> = {}) {
  const res = await request(app)
    .post('/api/resources')
    .set(charity.auth)
    .send({
      kind: 'goods',
      category: 'material_aid',
      title: '爱心米面油',
      description: '大米 10 斤、面粉 10 斤、食用油 1 桶',
      quantity: { amount: 10, unit: '份' },
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`post resource failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; remaining: { amount: number; unit: string } };
}

/** An organisation registered through the public endpoint, signed in, approved unless `approved: false`. */
export interface BuiltOrganisation extends SignedIn {
  id: string;
  phone: string;
  stationCode: string;
}

/** Registers (and by default approves) an organisation serving a circle around 沙河镇. */
export async function buildOrganisation(
  app: Express,
  opts: { stationCode?: string; approved?: boolean; approver?: SignedIn; profile?: Record<string, unknown> } = {},
): Promise<BuiltOrganisation> {
  const stationCode = opts.stationCode ?? LINZE.shahe;
  const phone = randomPhone();
  const res = await request(app)
    .post('/api/organisations/register')
    .send({
      phone,
      password: TEST_PASSWORD,
      stationCode,
      name: `测试社工机构${phone.slice(-4)}`,
      type: '社工机构',
      categories: ['visiting', 'emotional'],
      description: '专业社工上门探访',
      coverage: { center: { lat: 39.15, lng: 100.16 }, radiusKm: 15 },
      capacityPerMonth: 20,
      ...opts.profile,
    });
  if (res.status !== 202) throw new Error(`register organisation failed: ${res.status} ${JSON.stringify(res.body)}`);
  const signedIn = await signIn(app, phone);
  const id = (await request(app).get('/api/organisations/me').set(signedIn.auth)).body.id as string;
  if (opts.approved !== false) {
    const approver = opts.approver ?? (await buildCoordinator(app, stationCode));
    const ok = await request(app).post(`/api/organisations/${id}/approve`).set(approver.auth).send({});
    if (ok.status !== 200) throw new Error(`approve organisation failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  }
  return { ...signedIn, id, phone, stationCode };
}

/** A volunteer's profile that fits the meal need of `needBody` (skills, place, time), with overrides. */
export const mealHelperProfile = (overrides: Record<string, unknown> = {}) => ({
  skills: ['送餐', '做饭', '买菜'],
  description: '住在东关街社区，每天中午可以帮老人送饭',
  availability: [{ day: 1, start: '10:00', end: '14:00' }],
  location: { lat: 39.152, lng: 100.163 },
  radiusKm: 5,
  maxActive: 3,
  ...overrides,
});
