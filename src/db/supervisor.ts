import type { Logger } from '../logger.js';
import { startFerretdb, type FerretdbBackend, type LocalServer } from './ferretdb.js';

/** The local FerretDB under supervision: its URI never changes across restarts (same socket path). */
export interface SupervisedFerretdb {
  uri: string;
  /** Whether the child is running right now (false between a crash and its restart). */
  isUp(): boolean;
  /** How many times the child was restarted after dying. */
  restarts(): number;
  /** Stops the child and the supervision (no restart after this). */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  bin: string;
  dataDir: string;
  log: Logger;
  backend?: FerretdbBackend;
  /** Called when the child cannot be brought back (the process should exit non-zero). */
  onGiveUp(err: Error): void;
  /** First restart delay; doubled per consecutive failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive failed restarts after which the supervisor gives up. */
  maxAttempts?: number;
}

/**
 * Starts FerretDB and keeps it running: when it dies it is restarted with exponential backoff, and
 * after maxAttempts consecutive failures the supervisor gives up (onGiveUp). While it is down every
 * database operation fails fast (the driver's timeouts) and /readyz answers 503.
 */
export async function superviseFerretdb(opts: SupervisorOptions): Promise<SupervisedFerretdb> {
  const initialDelay = opts.initialDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  let current: LocalServer | undefined = await startFerretdb(opts);
  let stopped = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;

  const watch = (server: LocalServer) => {
    void server.exited.then(({ code, signal }) => {
      if (stopped || current !== server) return;
      current = undefined;
      opts.log.error({ code, signal, pid: server.pid }, 'FerretDB exited unexpectedly; restarting');
      schedule(0);
    });
  };

  const schedule = (attempt: number) => {
    const delay = Math.min(initialDelay * 2 ** attempt, maxDelay);
    timer = setTimeout(() => void restart(attempt), delay);
  };

  const restart = async (attempt: number) => {
    if (stopped) return;
    try {
      const server = await startFerretdb(opts);
      if (stopped) {
        await server.stop();
        return;
      }
      current = server;
      restarts++;
      opts.log.warn({ pid: server.pid, restarts, attempt }, 'FerretDB restarted');
      watch(server);
    } catch (err) {
      if (attempt + 1 >= maxAttempts) {
        opts.log.fatal({ err, attempts: attempt + 1 }, 'FerretDB could not be restarted; giving up');
        opts.onGiveUp(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      opts.log.error({ err, attempt }, 'FerretDB restart failed; retrying');
      schedule(attempt + 1);
    }
  };

  watch(current);
  return {
    uri: current.uri,
    isUp: () => current !== undefined,
    restarts: () => restarts,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current?.stop();
    },
  };
}
