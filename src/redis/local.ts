import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../db/ferretdb.js';

/** A redis-server this process started (tests, the bench): loopback only, no persistence, its own directory. */
export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER_BIN, else the one on PATH (Debian's package installs /usr/bin/redis-server). */
export const redisServerBin = () => process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * Starts redis-server on a free loopback port in a throwaway directory and waits until it accepts
 * connections (it says so on stdout). Never a system service: stopping it removes its directory.
 */
export async function startLocalRedis(opts: { port?: number } = {}): Promise<LocalRedis> {
  const port = opts.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-redis-'));
  const child = spawn(
    redisServerBin(),
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${output.trim()}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(`redis-server could not be started (${redisServerBin()}): ${err.message}; install it: apt-get install -y redis-server`),
      );
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited during start-up: ${output.trim()}`));
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
