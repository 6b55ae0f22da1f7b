import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { followUpsSettled, subscribe } from '../../src/events/bus.js';
import type { DomainEvent } from '../../src/events/types.js';
import { AuditModel } from '../../src/audit/model.js';
import { NeedModel } from '../../src/needs/model.js';
import { toMatcherNeed } from '../../src/needs/matcher-shape.js';
import { NeedListQuerySchema } from '../../src/needs/schema.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { COMMUNITY, needBody, postHousehold, postNeed } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let shahe: SignedIn;
let admin: SignedIn;
const events: DomainEvent[] = [];

beforeAll(async () => {
  await buildStations();
  [shahe, admin] = await Promise.all([buildCoordinator(app, LINZE.shahe), buildAdmin(app)]);
  subscribe((e) => void events.push(e));
});

const move = (id: string, to: string, who: SignedIn = shahe) =>
  request(app).post(`/api/needs/${id}/transitions`).set(who.auth).send({ to });

describe('needs: recording', () => {
  it('records a need with the DOMAIN.md fields, status open, and announces need.created to its station without sensitive fields', async () => {
    const householdId = await postHousehold(app, shahe);
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(needBody({ householdId, quantity: { amount: 1, unit: '份' } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stationCode: LINZE.shahe,
      communityCode: COMMUNITY.shahe,
      householdId,
      category: 'meal',
      status: 'open',
      urgency: 'high',
      source: 'hotline',
      quantity: { amount: 1, unit: '份' },
    });
    expect(res.body.history).toEqual([expect.objectContaining({ from: null, to: 'open', by: shahe.userId })]);
    await followUpsSettled();
    const event = events.find((e) => e.type === 'need.created' && e.payload.id === res.body.id);
    expect(event?.audience.stationCodes).toEqual([LINZE.shahe]);
    expect(JSON.stringify(event?.payload)).not.toContain('13984541897');
  });

  it('rejects a window whose end is not after its start, naming schedule.windows.0.end, and writes nothing', async () => {
    const before = await NeedModel.countDocuments();
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(needBody({ schedule: { kind: 'once', windows: [{ day: 2, start: '10:00', end: '09:00' }] } }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toContain('schedule.windows.0.end');
    expect(await NeedModel.countDocuments()).toBe(before);
  });

  it('rejects unknown categories, urgencies and a zero quantity, each by field name', async () => {
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(needBody({ category: 'massage', urgency: 'asap', quantity: { amount: 0, unit: '袋' }, location: undefined }));
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['category', 'urgency', 'quantity.amount']));
  });

  it('answers 404 for a household of another station, as if it did not exist', async () => {
    const pingchuan = await buildCoordinator(app, LINZE.pingchuan);
    const foreign = await postHousehold(app, pingchuan, { communityCode: COMMUNITY.pingchuan, address: '平川镇平川村1社1号' });
    const res = await request(app)
      .post('/api/needs')
      .set(shahe.auth)
      .send(needBody({ householdId: foreign }));
    expect(res.status).toBe(404);
  });

  it('maps a stored need to the matcher input shape with a string id and ISO due date', async () => {
    const id = await postNeed(app, shahe, {
      schedule: { kind: 'once', windows: [{ day: 3, start: '09:00', end: '11:00' }], dueBy: '2024-05-01T00:00:00Z' },
    });
    const doc = await NeedModel.findById(id).lean();
    const shaped = toMatcherNeed(doc!);
    expect(shaped).toMatchObject({ id, category: 'meal', urgency: 'high', location: { lat: 39.151, lng: 100.162 } });
    expect(shaped.schedule).toEqual({
      kind: 'once',
      windows: [{ day: 3, start: '09:00', end: '11:00' }],
      dueBy: '2024-05-01T00:00:00.000Z',
    });
    expect(shaped).not.toHaveProperty('history');
    expect(JSON.parse(JSON.stringify(shaped))).toEqual(shaped);
  });
});

describe('needs: lifecycle', () => {
  it('walks open → matching → assigned → in_progress → fulfilled → closed, recording each step', async () => {
    const id = await postNeed(app, shahe);
    for (const to of ['matching', 'assigned', 'in_progress', 'fulfilled', 'closed']) {
      const res = await move(id, to);
      expect(res.status, to).toBe(200);
      expect(res.body.status).toBe(to);
    }
    const need = await request(app).get(`/api/needs/${id}`).set(shahe.auth);
    expect(need.body.history.map((h: { to: string }) => h.to)).toEqual([
      'open',
      'matching',
      'assigned',
      'in_progress',
      'fulfilled',
      'closed',
    ]);
    await followUpsSettled();
    expect(events.filter((e) => e.type === 'need.updated' && e.payload.id === id)).toHaveLength(5);
  });

  it('answers 409 with the allowed targets for an invalid move, and changes nothing', async () => {
    const id = await postNeed(app, shahe);
    const res = await move(id, 'fulfilled');
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ from: 'open', to: 'fulfilled', allowed: ['matching', 'assigned', 'closed', 'cancelled'] });
    expect((await request(app).get(`/api/needs/${id}`).set(shahe.auth)).body.status).toBe('open');
  });

  it('a cancelled need allows no move at all', async () => {
    const id = await postNeed(app, shahe);
    expect((await move(id, 'cancelled')).status).toBe(200);
    const res = await move(id, 'open');
    expect(res.status).toBe(409);
    expect(res.body.error.details.allowed).toEqual([]);
    expect((await request(app).patch(`/api/needs/${id}`).set(shahe.auth).send({ title: '改标题' })).status).toBe(409);
  });

  it('when two coordinators move the same need at once (assign vs cancel), exactly one wins', async () => {
    const id = await postNeed(app, shahe);
    const other = await buildCoordinator(app, LINZE.shahe);
    const results = await Promise.all([move(id, 'assigned', shahe), move(id, 'cancelled', other), move(id, 'matching', admin)]);
    // Every move that read the same revision but one is refused. A move may also start after another
    // finished (a busy machine serialises the requests) and then legitimately follow it: so the stored
    // history must be one unbroken chain, one entry per success, never two moves from the same state.
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([200, 409]).toContain(r.status);
    const stored = await NeedModel.findById(id).lean();
    expect(stored!.history).toHaveLength(1 + winners.length);
    for (let i = 1; i < stored!.history.length; i++) expect(stored!.history[i]!.from).toBe(stored!.history[i - 1]!.to);
    expect(stored!.status).toBe(stored!.history.at(-1)!.to);
  });

  it('edits fields of an active need and announces need.updated', async () => {
    const id = await postNeed(app, shahe);
    const res = await request(app)
      .patch(`/api/needs/${id}`)
      .set(shahe.auth)
      .send({ urgency: 'critical', skills: ['送餐', '驾驶'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ urgency: 'critical', skills: ['送餐', '驾驶'] });
    await followUpsSettled();
    expect(events.some((e) => e.type === 'need.updated' && e.payload.id === id && e.payload.urgency === 'critical')).toBe(true);
  });
});

describe('needs: lists', () => {
  let coordinator: SignedIn;
  beforeAll(async () => {
    coordinator = await buildCoordinator(app, LINZE.yanuan);
    const base = { communityCode: COMMUNITY.yanuan, location: { lat: 39.21, lng: 100.04 } };
    await postNeed(app, coordinator, {
      ...base,
      title: '轮椅一台',
      category: 'material_aid',
      urgency: 'low',
      groups: ['残疾人'],
      schedule: { kind: 'once', windows: [], dueBy: '2024-06-01T00:00:00Z' },
    });
    await postNeed(app, coordinator, {
      ...base,
      title: '陪同去县医院复查',
      category: 'medical_escort',
      urgency: 'critical',
      groups: ['重病患者'],
      schedule: { kind: 'once', windows: [], dueBy: '2024-04-01T00:00:00Z' },
    });
    await postNeed(app, coordinator, {
      ...base,
      title: '作业辅导',
      description: '四点半课堂，三年级数学',
      category: 'tutoring',
      urgency: 'normal',
      groups: ['留守儿童'],
    });
    await postNeed(app, coordinator, {
      ...base,
      title: '低保申请代办',
      category: 'assistance_application',
      urgency: 'high',
      groups: ['低保边缘'],
    });
  });

  it('filters by status, category, group, urgency, community and text', async () => {
    const q = (query: Record<string, string>) => request(app).get('/api/needs').query(query).set(coordinator.auth);
    expect((await q({ category: 'tutoring' })).body.items.map((n: { title: string }) => n.title)).toEqual(['作业辅导']);
    expect((await q({ group: '残疾人' })).body.items).toHaveLength(1);
    expect((await q({ urgency: 'high,critical' })).body.items).toHaveLength(2);
    expect((await q({ q: '三年级' })).body.items.map((n: { title: string }) => n.title)).toEqual(['作业辅导']);
    expect((await q({ q: '.*' })).body.items).toHaveLength(0);
    expect((await q({ status: 'open', communityCode: COMMUNITY.yanuan })).body.items).toHaveLength(4);
    expect((await q({ status: 'closed' })).body.items).toHaveLength(0);
  });

  it('sorts by urgency and by due date, and pages through a sort with the cursor', async () => {
    const urgent = await request(app).get('/api/needs').query({ sort: '-urgency' }).set(coordinator.auth);
    expect(urgent.body.items.map((n: { urgency: string }) => n.urgency)).toEqual(['critical', 'high', 'normal', 'low']);
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(app)
        .get('/api/needs')
        .query({ sort: 'dueBy', limit: 1, ...(cursor ? { cursor } : {}) })
        .set(coordinator.auth);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      titles.push(...page.body.items.map((n: { title: string }) => n.title));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(titles.slice(0, 2)).toEqual(['陪同去县医院复查', '轮椅一台']);
    expect(titles).toHaveLength(4);
  });

  it('reading a need in full is audited (its free text may hold health details); another station reads nothing', async () => {
    const id = await postNeed(app, shahe, { description: '患糖尿病，需要每周陪同复查' });
    const read = await request(app).get(`/api/needs/${id}`).set(shahe.auth);
    expect(read.status).toBe(200);
    const entries = await AuditModel.find({ entity: 'need', entityId: id }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: shahe.userId, action: 'read_sensitive', stationCode: LINZE.shahe });
    expect(entries[0]!.fields).toContain('description');
    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect((await request(app).get(`/api/needs/${id}`).set(other.auth)).status).toBe(404);
    expect(await AuditModel.countDocuments({ entity: 'need', entityId: id })).toBe(1);
  });

  it('a NUL byte in the search text is a 400, not a 500; the list schema itself refuses it, naming q', async () => {
    for (const q of ['\u0000', '送\u0000饭']) {
      const res = await request(app).get('/api/needs').query({ q }).set(shahe.auth);
      expect(res.status).toBe(400);
      expect(['validation_failed', 'invalid_characters']).toContain(res.body.error.code);
      // Behind the HTTP layer's guard, the schema is the second line: it names the field.
      const parsed = NeedListQuerySchema.safeParse({ q });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['q']);
    }
  });

  it('rejects an unknown sort or status with 400 naming the query field', async () => {
    const res = await request(app).get('/api/needs').query({ sort: 'title', status: 'done' }).set(coordinator.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.location).toBe('query');
    expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path[0])).toEqual(expect.arrayContaining(['sort', 'status']));
  });

  it('volunteers neither read nor write the needs list: they see needs only through assignments offered to them', async () => {
    const volunteer = await buildUser(app, { role: 'volunteer', stationCode: LINZE.yanuan });
    const coordinator = await buildCoordinator(app, LINZE.yanuan);
    const own = await request(app).get('/api/needs').set(coordinator.auth);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect((await request(app).get('/api/needs').set(volunteer.auth)).status).toBe(403);
    expect((await request(app).get(`/api/needs/${own.body.items[0].id}`).set(volunteer.auth)).status).toBe(403);
    expect((await request(app).post('/api/needs').set(volunteer.auth).send(needBody())).status).toBe(403);
    expect((await move(own.body.items[0].id, 'matching', volunteer)).status).toBe(403);
  });
});
