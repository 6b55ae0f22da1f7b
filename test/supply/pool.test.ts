import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ResourceModel } from '../../src/resources/model.js';
import { loadCandidatePool } from '../../src/supply/pool.js';
import { takeVolunteerSlot } from '../../src/volunteers/slots.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildCharity, buildResource, buildVolunteer, randomPhone } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('the county candidate pool', () => {
  it('a registered volunteer enters the pool only once a coordinator approves it', async () => {
    const phone = randomPhone();
    const reg = await request(app)
      .post('/api/volunteers/register')
      .send({
        phone,
        password: 'pass-word-123',
        stationCode: LINZE.yanuan,
        name: '赵桂芳',
        skills: ['陪聊', '读报'],
        certifications: ['心理咨询师'],
        availability: [{ day: 3, start: '14:00', end: '18:00' }],
        location: { lat: 39.2, lng: 100.0 },
        radiusKm: 8,
        maxActive: 2,
      });
    expect(reg.status).toBe(202);
    const login = await request(app).post('/api/auth/login').send({ username: phone, password: 'pass-word-123' });
    const id = login.body.user.subjectId as string;
    const before = await loadCandidatePool(LINZE.county);
    expect(before.volunteers.map((v) => v.id)).not.toContain(id);

    const c = await buildCoordinator(app, LINZE.yanuan);
    expect((await request(app).post(`/api/volunteers/${id}/approve`).set(c.auth).send({})).status).toBe(200);
    const after = await loadCandidatePool(LINZE.county);
    const v = after.volunteers.find((x) => x.id === id);
    expect(v).toEqual({
      id: id,
      stationCode: LINZE.yanuan,
      name: '赵桂芳',
      skills: ['陪聊', '读报'],
      description: '',
      certifications: ['心理咨询师'],
      availability: [{ day: 3, start: '14:00', end: '18:00' }],
      datesOff: [],
      location: { lat: 39.2, lng: 100.0 },
      radiusKm: 8,
      maxActive: 2,
      active: 0,
    });
    expect(JSON.stringify(v)).not.toContain(phone);
  });

  it("the pool reports each volunteer's held slots as active", async () => {
    const v = await buildVolunteer(app, { profile: { maxActive: 3 } });
    await takeVolunteerSlot(v.id);
    await takeVolunteerSlot(v.id);
    const pool = await loadCandidatePool(LINZE.county);
    expect(pool.volunteers.find((x) => x.id === v.id)).toMatchObject({ active: 2, maxActive: 3 });
  });

  it('the pool holds resources with something left that have not expired, and nothing of other counties', async () => {
    const charity = await buildCharity(app);
    const live = await buildResource(app, charity, { eligibility: { groups: ['低保对象'] }, expiresAt: '2099-01-01' });
    const expired = await buildResource(app, charity);
    await ResourceModel.updateOne({ _id: expired.id }, { $set: { expiresAt: new Date('2020-01-01T00:00:00Z') } });
    const usedUp = await buildResource(app, charity, { quantity: { amount: 1, unit: '台' } });
    const c = await buildCoordinator(app);
    expect(
      (await request(app).post(`/api/resources/${usedUp.id}/allocations`).set(c.auth).send({ amount: 1, needCategory: 'material_aid' }))
        .status,
    ).toBe(201);
    const elsewhere = await buildResource(app, await buildCharity(app, { countyCode: '140106' }));

    const pool = await loadCandidatePool(LINZE.county);
    const ids = pool.resources.map((r) => r.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(expired.id);
    expect(ids).not.toContain(usedUp.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(pool.resources.find((r) => r.id === live.id)).toMatchObject({
      category: 'material_aid',
      remaining: { amount: 10, unit: '份' },
      eligibility: { groups: ['低保对象'] },
    });
    const later = await loadCandidatePool(LINZE.county, new Date('2099-01-02T00:00:00Z'));
    expect(later.resources.map((r) => r.id)).not.toContain(live.id);
  });
});
