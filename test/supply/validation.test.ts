import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { UserModel } from '../../src/auth/models.js';
import { OrganisationModel } from '../../src/organisations/model.js';
import { AllocationModel } from '../../src/resources/model.js';
import { ResourceModel } from '../../src/resources/model.js';
import { VolunteerModel } from '../../src/volunteers/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildCharity, buildResource, buildVolunteer, randomPhone } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

/** Paths of the zod issues of a 400 answer, as "a.b.0.c". */
function issuePaths(body: { error: { issues?: Array<{ path: Array<string | number> }> } }): string[] {
  return (body.error.issues ?? []).map((i) => i.path.join('.'));
}

async function counts(): Promise<number[]> {
  return Promise.all([
    VolunteerModel.countDocuments(),
    UserModel.countDocuments(),
    OrganisationModel.countDocuments(),
    ResourceModel.countDocuments(),
    AllocationModel.countDocuments(),
  ]);
}

describe('bad input is refused with the field named, and nothing is written', () => {
  const volunteer = (over: Record<string, unknown>) => ({
    phone: randomPhone(),
    password: 'pass-word-123',
    stationCode: LINZE.shahe,
    name: '测试',
    ...over,
  });

  it.each([
    ['availability.0.end', { availability: [{ day: 1, start: '10:00', end: '09:00' }] }],
    ['availability.0.end', { availability: [{ day: 1, start: '10:00', end: '10:00' }] }],
    ['availability.0.day', { availability: [{ day: 7, start: '09:00', end: '10:00' }] }],
    ['radiusKm', { radiusKm: 10_000 }],
    ['radiusKm', { radiusKm: 0 }],
    ['maxActive', { maxActive: 21 }],
    ['location.lat', { location: { lat: 139.1, lng: 100 } }],
    ['datesOff.0', { datesOff: ['2026-02-30'] }],
    ['phone', { phone: '12345' }],
    ['password', { password: 'short' }],
  ])('volunteer registration with a bad %s answers 400', async (field, over) => {
    const before = await counts();
    const res = await request(app).post('/api/volunteers/register').send(volunteer(over));
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('a volunteer profile edit with end before start or a 10,000 km radius answers 400 and changes nothing', async () => {
    const v = await buildVolunteer(app);
    const before = await VolunteerModel.findById(v.id).lean();
    const res = await request(app)
      .patch('/api/volunteers/me')
      .set(v.auth)
      .send({ availability: [{ day: 2, start: '18:00', end: '08:00' }], radiusKm: 10_000 });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['availability.0.end', 'radiusKm']));
    expect(await VolunteerModel.findById(v.id).lean()).toEqual(before);
  });

  it.each([
    ['quantity.amount', { quantity: { amount: -5, unit: '袋' } }],
    ['quantity.amount', { quantity: { amount: 0, unit: '袋' } }],
    ['quantity.amount', { quantity: { amount: 1.5, unit: '袋' } }],
    ['category', { category: 'space_travel' }],
    ['kind', { kind: 'crypto' }],
    ['eligibility.groups.0', { eligibility: { groups: ['外星人'] } }],
    ['eligibility.communityCodes.0', { eligibility: { communityCodes: ['123'] } }],
    ['location.lng', { location: { lat: 39.1, lng: 500 } }],
    ['expiresAt', { expiresAt: 'next tuesday' }],
  ])('a resource posted with a bad %s answers 400', async (field, over) => {
    const charity = await buildCharity(app);
    const before = await counts();
    const res = await request(app)
      .post('/api/resources')
      .set(charity.auth)
      .send({ kind: 'goods', category: 'material_aid', title: '棉被', quantity: { amount: 10, unit: '床' }, ...over });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('a resource that has already expired cannot be posted', async () => {
    const charity = await buildCharity(app);
    const before = await counts();
    const res = await request(app)
      .post('/api/resources')
      .set(charity.auth)
      .send({ kind: 'goods', category: 'material_aid', title: '过期牛奶', quantity: { amount: 10, unit: '箱' }, expiresAt: '2020-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('expiresAt');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['amount', { amount: -1, needCategory: 'material_aid' }],
    ['amount', { amount: 0, needCategory: 'material_aid' }],
    ['needCategory', { amount: 1, needCategory: 'unknown' }],
  ])('an allocation with a bad %s answers 400 and allocates nothing', async (field, body) => {
    const charity = await buildCharity(app);
    const r = await buildResource(app, charity);
    const c = await buildCoordinator(app);
    const res = await request(app).post(`/api/resources/${r.id}/allocations`).set(c.auth).send(body);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toContain(field);
    expect(await AllocationModel.countDocuments({ resourceId: r.id })).toBe(0);
  });

  it.each([
    ['coverage', { coverage: { center: { lat: 39.1, lng: 100.1 }, radiusKm: 10_000 } }],
    ['categories.0', { categories: ['astrology'] }],
    ['capacityPerMonth', { capacityPerMonth: -3 }],
    ['type', { type: '黑社会' }],
  ])('organisation registration with a bad %s answers 400', async (field, over) => {
    const before = await counts();
    const res = await request(app)
      .post('/api/organisations/register')
      .send({
        phone: randomPhone(),
        password: 'pass-word-123',
        stationCode: LINZE.shahe,
        name: '测试组织',
        type: '志愿服务队',
        categories: ['meal'],
        coverage: { center: { lat: 39.1, lng: 100.1 }, radiusKm: 5 },
        capacityPerMonth: 10,
        ...over,
      });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body).some((p) => p.startsWith(field))).toBe(true);
    expect(await counts()).toEqual(before);
  });
});
