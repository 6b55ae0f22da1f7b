import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';

/** The FerretDB release the project builds and runs locally. */
export const FERRETDB_VERSION = 'v1.24.1';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Default location of the locally built FerretDB binary. */
export const defaultFerretdbBin = path.join(projectRoot, '.tools', `ferretdb-${FERRETDB_VERSION}`);

/** A running local FerretDB process and how to reach and stop it. */
export interface LocalServer {
  uri: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Whether a command is on PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns the FerretDB binary, building it with the project's script when Go is available.
 * Returns undefined when there is neither a binary nor Go.
 */
export function ensureFerretdbBinary(bin: string | undefined, log: Logger): string | undefined {
  const target = bin ?? defaultFerretdbBin;
  if (fs.existsSync(target)) return target;
  if (bin || !hasCommand('go')) return undefined;
  log.info({ target }, 'building FerretDB once (about a minute)');
  const built = spawnSync('bash', [path.join(projectRoot, 'scripts', 'build-ferretdb.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return built.status === 0 && fs.existsSync(target) ? target : undefined;
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts FerretDB with the SQLite backend on a free loopback port, keeping its files in dataDir.
 * Telemetry and the debug HTTP listener are off so it never calls out and two instances never collide.
 */
export async function startFerretdb(opts: { bin: string; dataDir: string; port?: number; log: Logger }): Promise<LocalServer> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    opts.bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${opts.dataDir}/`,
      `--state-dir=${opts.dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Wait for the listener: the process prints nothing reliable to wait on at warn level.
  const deadline = Date.now() + 20_000;
  let running = true;
  void exited.then(() => (running = false));
  while (!(await canConnect(port))) {
    if (!running) throw new Error(`FerretDB exited during start-up: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not listen on port ${port} within 20 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  opts.log.debug({ port, dataDir: opts.dataDir }, 'FerretDB listening');

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    dataDir: opts.dataDir,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
