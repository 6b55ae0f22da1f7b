import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { eventsSince, latestSeqs } from '../../src/events/log.js';
import { NeedModel } from '../../src/needs/model.js';
import { AllocationModel } from '../../src/resources/model.js';
import { loadStationsFromDivisions } from '../../src/stations/service.js';
import { needBody, COMMUNITY } from '../community/build.js';
import { eventually, testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, type SignedIn } from '../helpers/factories.js';
import { connectClient, type LiveClient } from '../helpers/server.js';
import { buildCharity, buildResource } from '../helpers/supply-factories.js';
import { startLocalRedis, type LocalRedis } from '../../src/redis/local.js';
import { useRedis } from '../setup/redis.js';
import { startInstance, type AppInstance } from './instances.js';

// Three instances of src/main.ts as child processes, on ONE database (this file's) and ONE Redis.
const { dbName } = useTestDatabase();
const redis = useRedis();
let A: AppInstance, B: AppInstance, C: AppInstance;
/** In-process app on the same database and JWT secret: builds fixtures; its tokens are valid on every instance. */
let local: Express;
const clients: LiveClient[] = [];

beforeAll(async () => {
  await loadStationsFromDivisions();
  local = createApp({ log: testLog, auth: testAuth });
  const opts = { mongoUri: inject('mongoUri'), dbName, redisUrl: redis.url };
  A = await startInstance('A', opts); // first alone: it bootstraps the county admin
  [B, C] = await Promise.all([startInstance('B', opts), startInstance('C', opts)]);
}, 120_000);

/** The Redis started again on the same port by the restart test. */
let restarted: LocalRedis | undefined;

afterAll(async () => {
  clients.forEach((c) => c.close());
  await Promise.all([A, B, C].map((i) => i?.stop()));
  await restarted?.stop();
}, 30_000);

const connectOn = async (instance: AppInstance, who: SignedIn) => {
  const client = await connectClient(instance.url, who.token);
  clients.push(client);
  return client;
};

describe('live push across three instances on one Redis', () => {
  it('every client, on whichever instance, receives every event of its rooms once, in sequence order, and nothing of another station', async () => {
    const stations = [LINZE.shahe, LINZE.pingchuan] as const;
    const community = { [LINZE.shahe]: COMMUNITY.shahe, [LINZE.pingchuan]: COMMUNITY.pingchuan };
    const writers = new Map<string, SignedIn>();
    const watched: { client: LiveClient; start: Record<string, number> }[] = [];
    for (const code of stations) writers.set(code, await buildCoordinator(local, code));
    for (const instance of [A, B, C]) {
      for (const code of stations) {
        const client = await connectOn(instance, await buildCoordinator(local, code));
        watched.push({ client, start: await latestSeqs(client.rooms) });
      }
      const admin = await connectOn(instance, await buildAdmin(local));
      watched.push({ client: admin, start: await latestSeqs(admin.rooms) });
    }

    // Writes to one station's room from all three instances at once, so its numbers interleave across them.
    const writes: Promise<unknown>[] = [];
    for (const code of stations) {
      for (const [i, instance] of [A, B, C].entries()) {
        for (let n = 0; n < 4; n++) {
          writes.push(
            request(instance.url)
              .post('/api/needs')
              .set(writers.get(code)!.auth)
              .send(needBody({ communityCode: community[code], title: `跨实例需求 ${instance.name}-${i}-${n}` }))
              .expect(201),
          );
        }
      }
    }
    await Promise.all(writes);

    for (const { client, start } of watched) {
      const expected = (await Promise.all(client.rooms.map((room) => eventsSince(room, start[room]!)))).flat();
      const writtenRooms = client.rooms.filter((room) => stations.some((code) => room === `station:${code}`));
      expect(expected.filter((e) => e.type === 'need.created').length).toBeGreaterThanOrEqual(12 * writtenRooms.length);
      await eventually(async () => expect(client.events.length).toBeGreaterThanOrEqual(expected.length));
      // Exactly the log's events of its rooms: none doubled, none foreign.
      expect(client.events.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
      for (const room of client.rooms) {
        const seqs = client.events.filter((e) => e.room === room).map((e) => e.seq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => start[room]! + 1 + k));
      }
      expect(client.events.every((e) => client.rooms.includes(e.room))).toBe(true);
    }
  }, 90_000);
});

describe('sign-in throttle shared across instances', () => {
  it('failed sign-ins on instance A lock the account on instance B (Chinese 429, Retry-After) until the admin lifts it on C', async () => {
    const username = `coord-${randomBytes(4).toString('hex')}`;
    await testAuth.createUser({
      username,
      password: 'pass-word-123',
      role: 'coordinator',
      displayName: '测试',
      countyCode: LINZE.county,
      stationCode: LINZE.shahe,
    });
    for (let i = 0; i < 5; i++) {
      expect((await request(A.url).post('/api/auth/login').send({ username, password: 'wrong-password' })).status).toBe(401);
    }
    const onB = await request(B.url).post('/api/auth/login').send({ username, password: 'pass-word-123' });
    expect(onB.status).toBe(429);
    expect(Number(onB.headers['retry-after'])).toBeGreaterThan(0);
    expect(onB.body.error.message).toMatch(/登录失败次数过多/);
    // A third instance agrees.
    expect((await request(C.url).post('/api/auth/login').send({ username, password: 'pass-word-123' })).status).toBe(429);
    // The county admin lifts the lock on C; B lets the account in.
    const admin = await buildAdmin(local);
    const lift = await request(C.url).post(`/api/auth/locks/${username}/lift`).set(admin.auth);
    expect(lift.status).toBe(200);
    expect(lift.body.lifted).toBe(true);
    expect((await request(B.url).post('/api/auth/login').send({ username, password: 'pass-word-123' })).status).toBe(200);
  });
});

describe('Idempotency-Key across instances', () => {
  const needsTitled = (title: string) => NeedModel.countDocuments({ title });

  it('the same key and body on instance A then on instance B make one record and B answers with A’s first answer', async () => {
    const coordinator = await buildCoordinator(local, LINZE.shahe);
    const key = randomUUID();
    const body = needBody({ title: `幂等需求 ${key}` });
    const first = await request(A.url).post('/api/needs').set(coordinator.auth).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    const again = await request(B.url).post('/api/needs').set(coordinator.auth).set('Idempotency-Key', key).send(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await needsTitled(body.title)).toBe(1);
  });

  it('5 concurrent identical creates with one key, spread over the instances, make exactly one record and one answer', async () => {
    const coordinator = await buildCoordinator(local, LINZE.shahe);
    const key = randomUUID();
    const body = needBody({ title: `并发幂等需求 ${key}` });
    const answers = await Promise.all(
      [A, B, C, A, B].map((instance) =>
        request(instance.url).post('/api/needs').set(coordinator.auth).set('Idempotency-Key', key).send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await needsTitled(body.title)).toBe(1);
  });

  it('an allocation sent 5 times with one key takes its quantity once', async () => {
    const charity = await buildCharity(local);
    const resource = await buildResource(local, charity, { quantity: { amount: 20, unit: '份' } });
    const coordinator = await buildCoordinator(local, LINZE.shahe);
    const key = randomUUID();
    const answers = await Promise.all(
      [A, B, C, B, A].map((instance) =>
        request(instance.url)
          .post(`/api/resources/${resource.id}/allocations`)
          .set(coordinator.auth)
          .set('Idempotency-Key', key)
          .send({ amount: 3, needCategory: 'material_aid' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0]!.body.remaining.amount).toBe(17);
    expect(await AllocationModel.countDocuments({ resourceId: resource.id })).toBe(1);
  });

  it('the same key with another body is a 409, and the first record stays the only one', async () => {
    const coordinator = await buildCoordinator(local, LINZE.shahe);
    const key = randomUUID();
    const body = needBody({ title: `键冲突需求 ${key}` });
    expect((await request(A.url).post('/api/needs').set(coordinator.auth).set('Idempotency-Key', key).send(body)).status).toBe(201);
    const other = await request(B.url)
      .post('/api/needs')
      .set(coordinator.auth)
      .set('Idempotency-Key', key)
      .send({ ...body, title: `另一个需求 ${key}` });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/Idempotency-Key/);
    expect(await needsTitled(body.title)).toBe(1);
    expect(await needsTitled(`另一个需求 ${key}`)).toBe(0);
  });
});

describe('a Redis restart', () => {
  it('an event written on A while Redis is down reaches a socket on B once Redis is back, from the event log', async () => {
    const writer = await buildCoordinator(local, LINZE.yanuan);
    const onB = await connectOn(B, await buildCoordinator(local, LINZE.yanuan));
    const start = (await latestSeqs(onB.rooms))[onB.rooms[0]!]!;
    const port = redis.server.port;
    await redis.server.stop();

    const title = `Redis 重启期间的需求 ${randomUUID()}`;
    const created = await request(A.url)
      .post('/api/needs')
      .set(writer.auth)
      .send(needBody({ communityCode: COMMUNITY.yanuan, title }))
      .expect(201);
    restarted = await startLocalRedis({ port });

    await eventually(async () => expect(onB.events.some((e) => e.payload.id === created.body.id)).toBe(true), 20_000);
    const seqs = onB.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => start + 1 + k));
    // And live delivery through the adapter works again.
    const after = await request(A.url)
      .post('/api/needs')
      .set(writer.auth)
      .send(needBody({ communityCode: COMMUNITY.yanuan, title: `${title} 之后` }))
      .expect(201);
    await eventually(async () => expect(onB.events.some((e) => e.payload.id === after.body.id)).toBe(true));
    expect(new Set(onB.events.map((e) => e.id)).size).toBe(onB.events.length);
  }, 60_000);
});
