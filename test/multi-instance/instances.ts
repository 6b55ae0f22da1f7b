import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/db/ferretdb.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The secret the test file's own Auth signs with (test/helpers/db.ts): instances must share it. */
export const SHARED_JWT_SECRET = 'test-secret-test-secret-test-secret-1234';

/** One app instance as production runs it: `src/main.ts` in its own process. */
export interface AppInstance {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` as a child process on one database and (optionally) one Redis, the way an
 * operator starts N instances behind a proxy; resolves once /healthz answers.
 */
export async function startInstance(
  name: string,
  opts: { mongoUri: string; dbName: string; redisUrl?: string; env?: Record<string, string> },
): Promise<AppInstance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      MONGODB_URI: opts.mongoUri,
      MONGODB_DB: opts.dbName,
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      JWT_SECRET: SHARED_JWT_SECRET,
      ADMIN_PASSWORD: 'admin-pass-word-1',
      JOBS_ENABLED: 'false',
      // info: the start-up line 'http listening' is what the harness waits for.
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    // TEST_INSTANCE_LOGS=1 shows the instances' logs (pino writes them to stderr here) while debugging.
    if (process.env.TEST_INSTANCE_LOGS) process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const url = `http://127.0.0.1:${port}`;
  // Ready when the instance logs that it listens (an event, not a poll); an exit or 45 s without it fails.
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance ${name} did not listen within 45 s: ${stderr}`));
    }, 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (process.env.TEST_INSTANCE_LOGS) process.stdout.write(`[${name}] ${chunk.toString()}`);
      out = (out + chunk.toString()).slice(-4000);
      if (out.includes('"msg":"http listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited during start-up: ${stderr}`));
    });
  });
  return {
    name,
    url,
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
