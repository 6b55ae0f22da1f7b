import { validate } from 'node-cron';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/** What a task gets when it runs: the clock of the run, and a logger. */
export interface TaskContext {
  now: Date;
  log: Logger;
}

/** Counts a task reports (rows touched, reminders sent…), recorded with the run. */
export type TaskCounts = Record<string, number>;

/** One scheduled task: its schedule is declared beside its work, in its own file. */
export interface ScheduledTaskDefinition {
  /** Stable kebab-case name: the key of leases, runs and the manual trigger. */
  name: string;
  /** Chinese description for the admin page. */
  description: string;
  /** node-cron expression (seconds field optional). */
  schedule: string;
  run(ctx: TaskContext): Promise<TaskCounts>;
}

const DefinitionSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,50}$/, 'kebab-case name'),
  description: z.string().min(2),
  schedule: z.string().refine((s) => validate(s), 'invalid cron expression'),
  run: z.custom<ScheduledTaskDefinition['run']>((v) => typeof v === 'function', 'run must be a function'),
});

/** Raised at start-up when a task is misconfigured: the scheduler refuses to start. */
export class TaskConfigError extends Error {}

/** Validates a set of tasks: well-formed, valid schedules, unique names. */
export function validateTasks(tasks: ScheduledTaskDefinition[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const task of tasks) {
    const result = DefinitionSchema.safeParse(task);
    if (!result.success) {
      problems.push(`${task?.name ?? '?'}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
    }
    if (names.has(task.name)) problems.push(`${task.name}: duplicate name`);
    names.add(task.name);
  }
  if (problems.length) throw new TaskConfigError(`Scheduled tasks misconfigured: ${problems.join('; ')}`);
}
