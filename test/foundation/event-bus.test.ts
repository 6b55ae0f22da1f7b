import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { followUpsSettled, publish, subscribe } from '../../src/events/bus.js';
import { eventsSince, latestSeqs } from '../../src/events/log.js';
import { probeEvent } from '../../src/events/probe.js';
import { stationRoom } from '../../src/events/rooms.js';
import { testAuth, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
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

    // Subscribers other than the event log run after the answer: wait for them, then read the log.
    await followUpsSettled();
    const requestId = res.headers['x-request-id'];
    const failure = lines.find((l) => l.msg === 'event subscriber failed');
    expect(failure).toMatchObject({ eventType: 'need.created', reqId: requestId, level: 50 });
    expect((failure?.err as { message?: string }).message).toBe('subscriber exploded');
    // The need is there: the write was not undone by the subscriber.
    expect((await request(app).get(`/api/needs/${res.body.id}`).set(coordinator.auth)).status).toBe(200);
  });

  it('publish resolves once the event is in the log, before a slow follow-up finishes; followUpsSettled waits for it', async () => {
    const room = stationRoom(LINZE.shahe);
    const before = (await latestSeqs([room]))[room]!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    const stop = subscribe(async (event) => {
      if (event.payload.probe !== 'slow-follow-up') return;
      started();
      await gate;
      finished = true;
    });
    try {
      await publish(probeEvent(LINZE.county, { stationCodes: [LINZE.shahe] }, { probe: 'slow-follow-up' }));
      // Durable when publish resolves: the event is in the log, while its follow-up has not finished.
      expect((await eventsSince(room, before)).map((e) => e.payload.probe)).toEqual(['slow-follow-up']);
      await running;
      expect(finished).toBe(false);

      let settled = false;
      const settling = followUpsSettled().then(() => (settled = true));
      await running;
      expect(settled).toBe(false);
      release();
      await settling;
      expect(finished).toBe(true);
    } finally {
      release();
      stop();
    }
  });
});
