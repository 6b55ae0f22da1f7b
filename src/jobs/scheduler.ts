import cron, { type ScheduledTask } from 'node-cron';
import { INSTANCE_ID } from '../events/log.js';
import { notFound } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { jobRuns, type JobRunDoc } from './repository.js';
import { tryLease } from './runs.js';
import { validateTasks, type ScheduledTaskDefinition } from './task.js';

/**
 * Runs the registry's tasks on their schedules. Each scheduled slot runs once across all instances
 * (a lease in the database, through node-cron's distributed run coordinator); every run is recorded.
 */
export class Scheduler {
  private readonly cronTasks: ScheduledTask[] = [];
  private readonly byName: Map<string, ScheduledTaskDefinition>;

  constructor(
    private readonly tasks: ScheduledTaskDefinition[],
    private readonly log: Logger,
    private readonly instance: string = INSTANCE_ID,
  ) {
    validateTasks(tasks);
    this.byName = new Map(tasks.map((t) => [t.name, t]));
  }

  /** Starts every task on its schedule. */
  start(): void {
    const coordinator = {
      shouldRun: (key: string, ttlMs: number) => tryLease(key, this.instance, ttlMs),
    };
    for (const task of this.tasks) {
      const scheduled = cron.schedule(task.schedule, (ctx) => this.execute(task, 'schedule', ctx.date), {
        name: task.name,
        noOverlap: true,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: 10 * 60_000,
        unref: true,
        suppressMissedWarning: true,
      });
      this.cronTasks.push(scheduled);
    }
    this.log.info({ tasks: this.tasks.map((t) => `${t.name} (${t.schedule})`) }, 'scheduler started');
  }

  /** Stops every task (in-flight runs finish on their own). */
  async stop(): Promise<void> {
    // destroy() returns void or a promise depending on the task kind; await both alike.
    await Promise.all(this.cronTasks.map((t) => Promise.resolve(t.destroy())));
    this.cronTasks.length = 0;
  }

  /** Runs a task now, by hand (an admin's trigger). */
  async runNow(name: string, triggeredBy: string): Promise<JobRunDoc> {
    const task = this.byName.get(name);
    if (!task) throw notFound('定时任务');
    return this.execute(task, 'manual', new Date(), triggeredBy);
  }

  /** The registered tasks, for the admin page. */
  list(): Array<Pick<ScheduledTaskDefinition, 'name' | 'description' | 'schedule'>> {
    return this.tasks.map(({ name, description, schedule }) => ({ name, description, schedule }));
  }

  private async execute(
    task: ScheduledTaskDefinition,
    trigger: JobRunDoc['trigger'],
    slot: Date,
    triggeredBy?: string,
  ): Promise<JobRunDoc> {
    const startedAt = new Date();
    const run = await jobRuns.start({ name: task.name, trigger, slot, instance: this.instance, startedAt, triggeredBy });
    const log = this.log.child({ job: task.name, runId: String(run._id) });
    try {
      const counts = await task.run({ now: startedAt, log });
      log.info({ counts }, 'job succeeded');
      return await jobRuns.finish(run._id, { outcome: 'succeeded', counts });
    } catch (err) {
      log.error({ err }, 'job failed');
      return await jobRuns.finish(run._id, { outcome: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
}
