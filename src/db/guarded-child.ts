import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logger.js';

let pdeathsigSupport: boolean | undefined;

/**
 * Whether util-linux `setpriv --pdeathsig` works here. It makes the kernel signal a database server when
 * this process dies, even by kill -9, so the database never outlives the service as an orphan.
 */
export function canUsePdeathsig(): boolean {
  pdeathsigSupport ??=
    process.platform === 'linux' && spawnSync('setpriv', ['--pdeathsig', 'TERM', 'true'], { stdio: 'ignore' }).status === 0;
  return pdeathsigSupport;
}

/** A database server process the service started and stops (FerretDB, PostgreSQL). */
export interface GuardedChild {
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls `ready` until it holds; throws if the process exits or the time runs out (then it is killed). */
  waitUntil(ready: () => boolean | Promise<boolean>, o: { timeoutMs: number; pollMs: number; what: string }): Promise<void>;
  /** Sends the stop signal, then SIGKILL after `graceMs`; resolves once it exited (once, however often called). */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts a server in its own process group (a signal to the service's group does not stop the database under
 * requests still draining: the service stops it itself), under `setpriv --pdeathsig <stopSignal>` where
 * available, keeping the tail of its stderr for error messages.
 */
export function spawnGuarded(o: {
  name: string;
  bin: string;
  args: string[];
  stopSignal: 'SIGTERM' | 'SIGINT';
  /** setpriv options that must precede the command (e.g. dropping root for PostgreSQL). */
  setprivFlags?: string[];
  /** The child's environment (this process's when not given). */
  env?: NodeJS.ProcessEnv;
  log: Logger;
}): GuardedChild {
  const guarded = canUsePdeathsig();
  if (!guarded) o.log.warn(`setpriv --pdeathsig is not available: ${o.name} may outlive this process if it is killed`);
  const flags = [...(o.setprivFlags ?? []), ...(guarded ? ['--pdeathsig', o.stopSignal.slice(3)] : [])];
  const [command, argv] = flags.length ? ['setpriv', [...flags, o.bin, ...o.args]] : [o.bin, o.args];
  const child: ChildProcess = spawn(command, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    ...(o.env ? { env: o.env } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let running = true;
  // Without pdeathsig (not Linux) this at least covers every exit that runs JavaScript (crash, process.exit).
  const killOnExit = () => child.kill(o.stopSignal);
  process.once('exit', killOnExit);
  void exited.then(() => {
    running = false;
    process.removeListener('exit', killOnExit);
  });

  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid!,
    exited,
    async waitUntil(ready, w) {
      const deadline = Date.now() + w.timeoutMs;
      while (!(await ready())) {
        if (!running) throw new Error(`${o.name} exited during start-up: ${stderr.trim()}`);
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`${o.name} did not ${w.what} within ${w.timeoutMs / 1000} s: ${stderr.trim()}`);
        }
        await new Promise((r) => setTimeout(r, w.pollMs));
      }
    },
    stop(graceMs) {
      stopping ??= (async () => {
        if (!running) return;
        child.kill(o.stopSignal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
