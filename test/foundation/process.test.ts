import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/db/ferretdb.js';
import { eventually } from '../helpers/db.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-process-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Service {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/**
 * Starts the real process entry (what `npm start` runs) on the local default database, in its own
 * process group (as a shell or systemd starts it) so the test can signal the whole group.
 */
async function startService(port: number, dir = dataDir): Promise<Service> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    FERRETDB_BIN: inject('ferretdbBin'),
    ADMIN_PASSWORD: 'admin-pass-1234',
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    NODE_ENV: 'development',
  };
  delete env.MONGODB_URI; // the local default: the service starts its own FerretDB
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`service exited: ${out}`);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch((err: Error) => {
      throw new Error(`not listening yet (${err.message}); output so far: ${out.slice(-2000)}`);
    });
    expect(res.status).toBe(200);
    // Generous: a first start creates every collection and index, slow when the whole suite shares 2 cores.
  }, 150_000);
  return { child, exited, output: () => out };
}

async function login(port: number, username: string, password: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { accessToken?: string } };
}

/** Pids of a process's children (from /proc: no ps needed). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces): state, ppid, ...
      const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Whether a process is alive (a zombie waiting for its reaper counts as gone). */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function ferretdbOf(servicePid: number): number | undefined {
  return childrenOf(servicePid).find((pid) => commandOf(pid).includes('ferretdb'));
}

/** Inodes of the TCP sockets listening on this machine (state 0A in /proc/net/tcp{,6}). */
function listeningTcpInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function socketInodesOf(pid: number): string[] {
  return fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      return m ? [m[1]!] : [];
    } catch {
      return [];
    }
  });
}

/** A GET whose `sent` resolves once the connection is open and the whole request written to it (it is then in flight). */
function get(port: number, urlPath: string, token: string): { sent: Promise<void>; status: Promise<number> } {
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const status = new Promise<number>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    const connected = new Promise<void>((resolve) => req.once('socket', (socket) => socket.once('connect', () => resolve())));
    const finished = new Promise<void>((resolve) => req.once('finish', () => resolve()));
    void Promise.all([connected, finished]).then(sent);
    req.on('error', reject);
  });
  return { sent: written, status };
}

describe('the service process (npm start) on its local FerretDB', () => {
  it('serves /readyz, stops gracefully on SIGTERM, and after a restart the data written before is still there', async () => {
    const port = await freePort();
    const first = await startService(port);
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toEqual({ db: 'ok' });

    const admin = await login(port, 'admin-620723', 'admin-pass-1234');
    expect(admin.status).toBe(200);
    const created = await fetch(`http://127.0.0.1:${port}/api/users/coordinators`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.body.accessToken}` },
      body: JSON.stringify({
        username: 'shahe-coordinator',
        password: 'coord-pass-123',
        displayName: '沙河镇社工',
        stationCode: '620723101',
      }),
    });
    expect(created.status).toBe(201);

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await startService(port);
    try {
      expect((await login(port, 'shahe-coordinator', 'coord-pass-123')).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    }
  }, 400_000);

  it('FerretDB listens on no TCP port, only on a socket in a directory no other user can enter; a killed FerretDB is restarted', async () => {
    const port = await freePort();
    const service = await startService(port);
    try {
      const ferretdb = ferretdbOf(service.child.pid!);
      expect(ferretdb, 'FerretDB is a child of the service').toBeDefined();
      const listening = listeningTcpInodes();
      expect(socketInodesOf(ferretdb!).filter((inode) => listening.has(inode))).toEqual([]);
      const dbDir = path.join(dataDir, 'ferretdb');
      expect(fs.statSync(dbDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dbDir, 'ferretdb.sock')).isSocket()).toBe(true);

      process.kill(ferretdb!, 'SIGKILL');
      const restarted = await eventually(async () => {
        const pid = ferretdbOf(service.child.pid!);
        expect(pid).toBeDefined();
        expect(pid).not.toBe(ferretdb);
        return pid!;
      }, 30_000);
      await eventually(async () => expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200), 30_000);
      expect(isAlive(restarted)).toBe(true);
      await eventually(async () => expect(service.output()).toMatch(/FerretDB restarted/));
    } finally {
      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
    }
  }, 200_000);

  it('after kill -9 of the service, no FerretDB is left behind', async () => {
    const port = await freePort();
    const service = await startService(port);
    const ferretdb = ferretdbOf(service.child.pid!);
    expect(ferretdb).toBeDefined();
    expect(isAlive(ferretdb!)).toBe(true);
    service.child.kill('SIGKILL');
    expect((await service.exited).signal).toBe('SIGKILL');
    await eventually(async () => expect(isAlive(ferretdb!)).toBe(false), 15_000);
  }, 200_000);

  it('SIGTERM to the whole process group with 20 requests in flight: all 20 complete, then it exits 0', async () => {
    const port = await freePort();
    const service = await startService(port);
    const admin = await login(port, 'admin-620723', 'admin-pass-1234');
    const token = admin.body.accessToken!;
    const requests = Array.from({ length: 20 }, () => get(port, '/api/reports/stations', token));
    await Promise.all(requests.map((r) => r.sent));
    // The group: the service and, were it in the same group, its database (as Ctrl-C or systemd do).
    process.kill(-service.child.pid!, 'SIGTERM');
    const statuses = await Promise.all(requests.map((r) => r.status));
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    expect((await service.exited).code).toBe(0);
  }, 200_000);
});
