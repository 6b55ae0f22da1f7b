import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { jobRuns } from '../../src/jobs/repository.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { TaskConfigError, type ScheduledTaskDefinition } from '../../src/jobs/task.js';
import { eventually, testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { buildAdmin, buildCoordinator, buildStations } from '../helpers/factories.js';

useTestDatabase();

const counting = (name: string, schedule: string): ScheduledTaskDefinition => ({
  name,
  description: '测试任务',
  schedule,
  run: async () => ({ ticks: 1 }),
});

describe('the scheduler', () => {
  it('refuses to start with a misconfigured task', () => {
    expect(() => new Scheduler([counting('bad-cron', 'every minute please')], testLog)).toThrow(TaskConfigError);
    expect(() => new Scheduler([counting('twice', '* * * * *'), counting('twice', '0 * * * *')], testLog)).toThrow(/duplicate/);
    expect(() => new Scheduler([{ ...counting('no-run', '* * * * *'), run: undefined } as never], testLog)).toThrow(/run/);
  });

  it('with two instances on one database, each scheduled run executes once', async () => {
    const a = new Scheduler([counting('every-second', '* * * * * *')], testLog, 'instance-a');
    const b = new Scheduler([counting('every-second', '* * * * * *')], testLog, 'instance-b');
    a.start();
    b.start();
    try {
      await eventually(async () => {
        const slots = new Set((await jobRuns.ofTask('every-second', 'succeeded')).map((r) => r.slot.toISOString()));
        expect(slots.size).toBeGreaterThanOrEqual(3);
      }, 20_000);
    } finally {
      await a.stop();
      await b.stop();
    }
    const runs = await jobRuns.ofTask('every-second');
    const perSlot = new Map<string, number>();
    for (const r of runs) perSlot.set(r.slot.toISOString(), (perSlot.get(r.slot.toISOString()) ?? 0) + 1);
    expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(runs.map((r) => r.instance)).size).toBeGreaterThanOrEqual(1);
  });

  it('an admin lists tasks and triggers one by hand; the run is recorded with its counts', async () => {
    await buildStations();
    const scheduler = new Scheduler([counting('manual-one', '0 0 1 1 *')], testLog);
    const app = createApp({ log: testLog, auth: testAuth, scheduler });
    const admin = await buildAdmin(app);
    const coordinator = await buildCoordinator(app);
    expect((await request(app).post('/api/jobs/manual-one/runs').set(coordinator.auth)).status).toBe(403);
    const run = await request(app).post('/api/jobs/manual-one/runs').set(admin.auth);
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ name: 'manual-one', trigger: 'manual', outcome: 'succeeded', counts: { ticks: 1 } });
    const list = await request(app).get('/api/jobs').set(admin.auth);
    expect(list.body[0]).toMatchObject({ name: 'manual-one', lastRun: { outcome: 'succeeded' } });
    expect((await request(app).post('/api/jobs/no-such-job/runs').set(admin.auth)).status).toBe(404);
  });
});
