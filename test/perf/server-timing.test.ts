import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { timing } from '../../src/http/server-timing.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';

useTestDatabase();

/** Parses `name;dur=1.2;desc="3 round trips"` entries. */
function parse(header: string): Map<string, { dur: number; desc?: string }> {
  const out = new Map<string, { dur: number; desc?: string }>();
  for (const part of header.split(/,\s*/)) {
    const [name, ...params] = part.split(';');
    const dur = Number(/dur=([\d.]+)/.exec(params.join(';'))?.[1]);
    const desc = /desc="([^"]*)"/.exec(params.join(';'))?.[1];
    out.set(name!.trim(), { dur, desc });
  }
  return out;
}

function probeApp() {
  return createApp({
    log: testLog,
    auth: testAuth,
    extend: (app) => {
      const router = express.Router();
      router.get('/__probe/timing', async (_req, res) => {
        const probes = mongoose.connection.db!.collection('timing_probe');
        await probes.insertOne({ at: new Date() });
        // Two round trips at once: both must be attributed to this request, not lost between contexts.
        await Promise.all([probes.findOne({}), probes.countDocuments({})]);
        await timing('index', async () => {
          await new Promise((r) => setImmediate(r));
        });
        res.json({ ok: true });
      });
      router.get('/__probe/none', (_req, res) => {
        res.json({ ok: true });
      });
      app.use(router);
    },
  });
}

describe('Server-Timing', () => {
  it('counts the database round trips of the request and its named spans', async () => {
    const app = probeApp();
    const res = await request(app).get('/__probe/timing');
    expect(res.status).toBe(200);
    const entries = parse(res.headers['server-timing'] as string);
    expect(entries.get('db')?.desc).toBe('3 round trips');
    expect(entries.get('db')!.dur).toBeGreaterThan(0);
    expect(entries.get('index')?.desc).toBe('1x');
    expect(entries.get('db.insert.timing_probe')?.desc).toBe('1x');
    expect(entries.has('other')).toBe(true);
    expect(entries.get('total')!.dur).toBeGreaterThanOrEqual(entries.get('db')!.dur);
  });

  it('does not charge one request with the round trips of another running at the same time', async () => {
    const app = probeApp();
    const [busy, idle] = await Promise.all([request(app).get('/__probe/timing'), request(app).get('/__probe/none')]);
    expect(parse(busy.headers['server-timing'] as string).get('db')?.desc).toBe('3 round trips');
    expect(parse(idle.headers['server-timing'] as string).get('db')?.desc).toBe('0 round trips');
  });
});
