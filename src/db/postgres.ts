import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { spawnGuarded } from './guarded-child.js';

/**
 * A private PostgreSQL cluster for FerretDB's postgresql backend: the layout for a busy county, where
 * SQLite's single writer lock makes concurrent writes queue. The cluster lives in a directory of the
 * data dir, listens only on a Unix socket in that directory (no TCP), and trusts local connections:
 * as with FerretDB's own socket, the directory's permissions are the access control.
 */
export interface LocalPostgres {
  /** The URL FerretDB's `--postgresql-url` takes (socket directory in `host=`). */
  url: string;
  clusterDir: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** The socket's port number only names the socket file (.s.PGSQL.<port>): there is no TCP listener. */
const SOCKET_PORT = 5432;
const SUPERUSER = 'wushe';
const DATABASE = 'ferretdb';

/** Where the PostgreSQL server binaries are: POSTGRES_BIN_DIR, `pg_config --bindir`, or Debian's layout. */
export function findPostgresBinDir(explicit = process.env.POSTGRES_BIN_DIR): string | undefined {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'));
  if (explicit) return has(explicit) ? explicit : undefined;
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromConfig.status === 0 && has(fromConfig.stdout.trim())) return fromConfig.stdout.trim();
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(path.join(debian, v, 'bin'))) return path.join(debian, v, 'bin');
  }
  return undefined;
}

/**
 * PostgreSQL refuses to run as root. When this process is root, the cluster runs as the `postgres` OS
 * user (Debian's package creates it) through setpriv; otherwise as this user.
 */
interface RunAs {
  prefix: string[];
  uid?: number;
  gid?: number;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!uid)
    throw new Error('running as root needs the "postgres" OS user to own the PostgreSQL cluster (apt-get install postgresql creates it)');
  return { prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups'], uid, gid };
}

function run(as: RunAs, command: string, args: string[]): void {
  const [cmd, argv] = as.prefix.length ? [as.prefix[0]!, [...as.prefix.slice(1), command, ...args]] : [command, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(command)} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
}

/** The URL of a cluster's socket directory for FerretDB (pgx reads a directory in `host=` as a Unix socket). */
export function postgresSocketUrl(socketDir: string, database = DATABASE): string {
  return `postgres://${SUPERUSER}@/${database}?host=${encodeURIComponent(socketDir)}`;
}

/**
 * Initialises (first time) and starts a PostgreSQL cluster in clusterDir and waits until it accepts
 * connections. Settings are PostgreSQL's defaults (fsync on, synchronous_commit on): a committed write
 * survives kill -9 of every process involved. The server gets SIGINT (fast shutdown) from the kernel when
 * this process dies, so it never outlives the service.
 */
export async function startPostgres(opts: { clusterDir: string; log: Logger; binDir?: string }): Promise<LocalPostgres> {
  const binDir = opts.binDir ?? findPostgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found: install postgresql or set POSTGRES_BIN_DIR');
  const as = runAs();
  const clusterDir = path.resolve(opts.clusterDir);
  if (Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${SOCKET_PORT}`)) > 100)
    throw new Error(`the PostgreSQL cluster path is too long for its socket: ${clusterDir}`);
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (as.uid !== undefined) {
    fs.chownSync(clusterDir, as.uid, as.gid!);
    // The postgres user must be able to pass through every ancestor (e.g. a 0700 data or temp dir of
    // root's): those root owns get traverse permission only (x, no listing).
    for (let dir = path.dirname(clusterDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const st = fs.statSync(dir);
      if (st.uid === 0 && (st.mode & 0o001) === 0) fs.chmodSync(dir, (st.mode & 0o7777) | 0o111);
    }
  }
  fs.chmodSync(clusterDir, 0o700);
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    opts.log.info({ clusterDir }, 'initialising a PostgreSQL cluster');
    run(as, path.join(binDir, 'initdb'), [
      '-D',
      clusterDir,
      `--username=${SUPERUSER}`,
      '--auth-local=trust',
      '--auth-host=reject',
      '--encoding=UTF8',
      '--locale=C',
    ]);
  }
  // A pid file left by a kill -9 of the whole machine's processes is handled by postgres itself.
  const args = ['-D', clusterDir, '-k', clusterDir, '-p', String(SOCKET_PORT), '-c', 'listen_addresses=', '-c', 'max_connections=200'];
  // SIGINT: fast shutdown (SIGTERM would wait for every client to leave).
  const child = spawnGuarded({
    name: 'PostgreSQL',
    bin: path.join(binDir, 'postgres'),
    args,
    stopSignal: 'SIGINT',
    setprivFlags: as.prefix.slice(1),
    log: opts.log,
  });
  const ready = () =>
    spawnSync(path.join(binDir, 'pg_isready'), ['-h', clusterDir, '-p', String(SOCKET_PORT), '-U', SUPERUSER, '-q']).status === 0;
  await child.waitUntil(ready, { timeoutMs: 30_000, pollMs: 100, what: 'accept connections' });
  if (fresh) run(as, path.join(binDir, 'createdb'), ['-h', clusterDir, '-p', String(SOCKET_PORT), '-U', SUPERUSER, DATABASE]);
  opts.log.debug({ clusterDir, pid: child.pid }, 'PostgreSQL accepting connections');

  return {
    url: postgresSocketUrl(clusterDir),
    clusterDir,
    pid: child.pid,
    exited: child.exited,
    stop: () => child.stop(10_000),
  };
}

/** A throwaway cluster dir for tests and benches (under the system temp dir, short enough for the socket). */
export function tempClusterDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-pg-')), 'cluster');
}
