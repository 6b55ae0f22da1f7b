import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { needBody } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coordinator: SignedIn;
let admin: SignedIn;
let nurse: BuiltVolunteer;
let childNeedId: string;

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app, LINZE.shahe);
  admin = await buildAdmin(app);
  // A nurse who tutors: vetted as a nurse, but 护士 is not on the default child-safeguarding list.
  nurse = await buildVolunteer(app, {
    approver: coordinator,
    profile: {
      name: '护士小刘',
      skills: ['作业辅导', '陪读'],
      description: '下班后可以给孩子辅导功课',
      certifications: ['护士'],
      availability: [{ day: 3, start: '16:00', end: '19:00' }],
      location: { lat: 39.152, lng: 100.163 },
      radiusKm: 6,
    },
  });
  const need = await request(app)
    .post('/api/needs')
    .set(coordinator.auth)
    .send(
      needBody({
        category: 'tutoring',
        title: '留守儿童作业辅导',
        description: '父母在外打工，孩子上四年级，放学后需要有人辅导作业',
        groups: ['留守儿童'],
        urgency: 'normal',
        skills: ['作业辅导'],
        schedule: { kind: 'recurring', windows: [{ day: 3, start: '16:30', end: '18:00' }] },
      }),
    );
  expect(need.status, JSON.stringify(need.body)).toBe(201);
  childNeedId = need.body.id;
});

describe('matching rules per station, and "why not this candidate"', () => {
  it('a volunteer without a child-safeguarding certification is never proposed for a child, and the explanation names the rule', async () => {
    const suggestions = await request(app).get(`/api/needs/${childNeedId}/suggestions?top=10`).set(coordinator.auth);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.map((s: { id: string }) => s.id)).not.toContain(nurse.id);

    const why = await request(app).get(`/api/needs/${childNeedId}/candidates/volunteer/${nurse.id}/explanation`).set(coordinator.auth);
    expect(why.status).toBe(200);
    expect(why.body.excluded).toBe(true);
    expect(why.body.exclusions.length).toBeGreaterThan(0);
    expect(why.body.exclusions.map((e: { text: string }) => e.text).join('')).toMatch(/儿童|资质|证/);
  });

  it("only a county admin changes a station's rules; bad values are 400 naming the field", async () => {
    const body = {
      childSafeguardingCertifications: ['教师资格证', '持证社工', '社工证', '儿童主任', '心理咨询师', '无犯罪记录证明', '护士'],
    };
    expect((await request(app).put(`/api/stations/${LINZE.shahe}/matching-rules`).set(coordinator.auth).send(body)).status).toBe(403);
    const bad = await request(app)
      .put(`/api/stations/${LINZE.shahe}/matching-rules`)
      .set(admin.auth)
      .send({ weights: { distance: 99 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('distance');
    const foreign = await request(app).put('/api/stations/330327001/matching-rules').set(admin.auth).send(body);
    expect(foreign.status).toBe(404);

    const ok = await request(app).put(`/api/stations/${LINZE.shahe}/matching-rules`).set(admin.auth).send(body);
    expect(ok.status).toBe(200);
    expect(ok.body.effective.childSafeguardingCertifications).toContain('护士');
  });

  it('the change takes effect on the next match', async () => {
    const suggestions = await request(app).get(`/api/needs/${childNeedId}/suggestions?top=10`).set(coordinator.auth);
    expect(suggestions.body.map((s: { id: string }) => s.id)).toContain(nurse.id);
    const why = await request(app).get(`/api/needs/${childNeedId}/candidates/volunteer/${nurse.id}/explanation`).set(coordinator.auth);
    expect(why.body.excluded).toBe(false);
    expect(why.body.rank.score).toBeGreaterThan(0);
  });

  it('every suggestion carries reasons a coordinator can read, with scores in [0, 1], best first', async () => {
    const suggestions = await request(app).get(`/api/needs/${childNeedId}/suggestions?top=10`).set(coordinator.auth);
    const scores = suggestions.body.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    for (const s of suggestions.body) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.reasons.some((r: { text: string }) => /[\u4e00-\u9fa5]/.test(r.text))).toBe(true);
    }
  });
});
