import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { spawnGuarded } from './guarded-child.js';

/** The FerretDB release the project builds and runs locally. */
export const FERRETDB_VERSION = 'v1.24.1';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Default location of the locally built FerretDB binary. The suffix is the patch level of
 * scripts/build-ferretdb.sh (its lookups by _id use the _id index), so an older build is not reused.
 */
export const defaultFerretdbBin = path.join(projectRoot, '.tools', `ferretdb-${FERRETDB_VERSION}-idfix1`);

/** A running local FerretDB process and how to reach and stop it. */
export interface LocalServer {
  uri: string;
  /** The Unix socket it listens on (no TCP port: only this user can reach it). */
  socketPath: string;
  dataDir: string;
  pid: number;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * What FerretDB stores its data in. SQLite (the embedded default): one file per database in the data
 * dir, a single writer at a time. PostgreSQL: the layout for a busy county (many writers at once),
 * reached by URL (src/db/postgres.ts starts a private cluster when none is given).
 */
export type FerretdbBackend = { kind: 'sqlite'; pragmas?: readonly string[] } | { kind: 'postgresql'; url: string };

/**
 * SQLite settings FerretDB opens each database with, on top of its own defaults (journal_mode(wal),
 * busy_timeout(10000), auto_vacuum(none)). synchronous stays FULL (SQLite's default): NORMAL in WAL mode
 * survives kill -9 of the service and of FerretDB but may lose the last commits on power loss, and a
 * 2xx answer must mean the record is on disk. See bench/database.ts for what each option costs.
 */
export const DEFAULT_SQLITE_PRAGMAS: readonly string[] = [];

/**
 * The `--sqlite-url` of a data dir: each entry is a pragma `name(value)` as the modernc driver takes it,
 * or a driver parameter `key=value` (e.g. `_txlock=immediate`).
 */
export function sqliteUrl(dataDir: string, pragmas: readonly string[] = DEFAULT_SQLITE_PRAGMAS): string {
  const query = pragmas.map((p) => (p.includes('=') ? p : `_pragma=${encodeURIComponent(p)}`)).join('&');
  return `file:${dataDir}/${query ? `?${query}` : ''}`;
}

/**
 * Go runtime and insert settings FerretDB runs with, as environment variables; each yields to the same
 * variable in this process's environment, so an operator (or an A/B run of the bench) can change it.
 * Measured with bench/import.ts (FerretDB's own CPU per document written, same-run A/B): together
 * 205 -> 135 µs (-34%), the 20k-row commit 1.65x faster.
 * - GOGC=400 (Go's default 100; about -25% alone): FerretDB allocates several times a document's size
 *   while decoding it and writing its SQLite JSON, and garbage collection took about a quarter of its CPU.
 *   The price is memory: FerretDB's peak RSS during the import 150-230 MB instead of about 70 MB.
 *   GOMEMLIMIT caps what the higher GOGC may grow to when FerretDB holds much (a sort done in Go keeps
 *   every matching document): near it the collector works harder, so it sits well above the import's
 *   heap. GOGC=off with a limit saved another 16% of CPU but keeps the heap at the limit: not worth it.
 * - FERRETDB_TEST_BATCH_SIZE=1000 (FerretDB's default 100; about -10% alone): the documents of one insert
 *   command go to SQLite in one transaction and one multi-row INSERT per 1,000 instead of per 100, so an
 *   import batch is one commit (one WAL fsync) instead of ten. Each commit stays durable (synchronous is
 *   untouched). A refused document still makes FerretDB retry that insert's documents one by one, now
 *   up to 1,000 instead of 100: the import keeps known duplicates out of its inserts (src/imports/writer.ts).
 */
export const FERRETDB_RUNTIME_ENV: Readonly<Record<string, string>> = {
  GOGC: '400',
  GOMEMLIMIT: '1GiB',
  FERRETDB_TEST_BATCH_SIZE: '1000',
};

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

/** The longest Unix socket path every platform accepts (sun_path is 104–108 bytes). */
const MAX_SOCKET_PATH = 100;

/**
 * Where FerretDB's socket lives: in its data directory (mode 0700, so only this user can connect), or,
 * when that path is too long for a socket, in a private 0700 directory under the system temp dir.
 */
function socketPathFor(dataDir: string): string {
  const inDataDir = path.join(dataDir, 'ferretdb.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH) return inDataDir;
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-db-')), 'ferretdb.sock');
}

/** The driver's URI for a Unix socket: the path, percent-encoded, in the host position. */
export function unixSocketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}/`;
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts FerretDB (SQLite backend unless told otherwise), keeping its state in dataDir and listening only on a Unix
 * socket there (the directory is made 0700): FerretDB 1.x has no usable authentication, so file
 * permissions are what keeps other local users from bypassing the service.
 *
 * The child runs in its own process group, so a signal to the service's group (Ctrl-C, systemd,
 * `kill -TERM -pgid`) does not stop the database under requests still draining: the service stops it
 * itself after draining. On Linux it gets SIGTERM from the kernel when the service dies (pdeathsig).
 * Telemetry and the debug HTTP listener are off so it never calls out and two instances never collide.
 */
export async function startFerretdb(opts: { bin: string; dataDir: string; log: Logger; backend?: FerretdbBackend }): Promise<LocalServer> {
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(opts.dataDir, 0o700);
  const socketPath = socketPathFor(opts.dataDir);
  // A socket file left by a killed predecessor would make the listen fail.
  fs.rmSync(socketPath, { force: true });
  const backend = opts.backend ?? { kind: 'sqlite' };
  const args = [
    ...(backend.kind === 'sqlite'
      ? ['--handler=sqlite', `--sqlite-url=${sqliteUrl(opts.dataDir, backend.pragmas)}`]
      : ['--handler=postgresql', `--postgresql-url=${backend.url}`]),
    `--state-dir=${opts.dataDir}`,
    '--listen-addr=',
    `--listen-unix=${socketPath}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
  const child = spawnGuarded({
    name: 'FerretDB',
    bin: opts.bin,
    args,
    stopSignal: 'SIGTERM',
    log: opts.log,
    env: { ...FERRETDB_RUNTIME_ENV, ...process.env },
  });
  // Wait for the listener: the process prints nothing reliable to wait on at warn level.
  await child.waitUntil(() => canConnect(socketPath), { timeoutMs: 20_000, pollMs: 50, what: `listen on ${socketPath}` });
  opts.log.debug({ socketPath, dataDir: opts.dataDir, pid: child.pid }, 'FerretDB listening');

  return {
    uri: unixSocketUri(socketPath),
    socketPath,
    dataDir: opts.dataDir,
    pid: child.pid,
    exited: child.exited,
    stop: () => child.stop(5_000),
  };
}
