import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { subscribe } from '../../src/events/bus.js';
import { testAuth, useTestDatabase } from '../helpers/db.js';
import { buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { needBody, postHousehold } from '../community/build.js';

useTestDatabase();

// The app logs into memory, so the test can read what a failing subscriber left behind.
const lines: Array<Record<string, unknown>> = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
);
const app = createApp({ log, auth: testAuth });
let coordinator: SignedIn;
let unsubscribe: () => void;

beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app);
  unsubscribe = subscribe((event) => {
    if (event.type === 'need.created') throw new Error('subscriber exploded');
  });
});
afterAll(() => unsubscribe());

describe('the event bus', () => {
  it('a throwing subscriber leaves the committed write answered 2xx, and the failure is logged with the event type and request id', async () => {
    const householdId = await postHousehold(app, coordinator);
    const res = await request(app).post('/api/needs').set(coordinator.auth).send(needBody({ householdId }));
    expect(res.status).toBe(201);

    const requestId = res.headers['x-request-id'];
    const failure = lines.find((l) => l.msg === 'event subscriber failed');
    expect(failure).toMatchObject({ eventType: 'need.created', reqId: requestId, level: 50 });
    expect((failure?.err as { message?: string }).message).toBe('subscriber exploded');
    // The need is there: the write was not undone by the subscriber.
    expect((await request(app).get(`/api/needs/${res.body.id}`).set(coordinator.auth)).status).toBe(200);
  });
});
