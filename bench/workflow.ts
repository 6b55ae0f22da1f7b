/**
 * Workflow benchmark (`npm run bench -- --only workflow`): a busy morning against the real server
 * (HTTP + socket.io on loopback, FerretDB as `npm start` runs it; FERRETDB_BACKEND=postgresql for the
 * PostgreSQL layout). The demo county is seeded, topped up to 200 volunteers; 20 coordinators load their
 * board (a page of needs, counts, assignments, one batch of the page's suggestions, as the console does), assign, and the volunteers
 * accept or decline, start and complete, all at once. Every action's latency is taken at the client and
 * from the server's own Server-Timing (total, database round trips and their milliseconds). The
 * baseline, measured in the same run on the same server, is one bare `insertOne` round trip.
 * Then: 50 concurrent assigns of one volunteer slot, and a burst of events stored per second.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import mongoose, { Types } from 'mongoose';
import { MongoClient } from 'mongodb';
import { assignmentMirror } from '../src/assignments/repository.js';
import { needMirror, needRecords, type PlacedNeedRecord } from '../src/needs/repository.js';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../src/app.js';
import { createAuth } from '../src/auth/create.js';
import { SessionModel, UserModel } from '../src/auth/models.js';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../src/db/connect.js';
import { setWritesOverlap } from '../src/db/write-overlap.js';
import { seedCommunityDemo } from '../src/demo/community.js';
import { seedSupplyDemo } from '../src/demo/supply.js';
import { followUpsSettled, publish } from '../src/events/bus.js';
import { publishBurst } from '../src/events/probe.js';
import { attachLive } from '../src/live/socket-server.js';
import { createLogger } from '../src/logger.js';
import { listen } from '../src/server.js';
import { loadStationsFromDivisions } from '../src/stations/service.js';
import { approveVolunteer } from '../src/volunteers/review.js';
import { registerVolunteer } from '../src/volunteers/register.js';
import { measureBareWrites, pct, round, startBenchServer } from './write-path.js';

const COUNTY = '620723';
const STATIONS = ['620723101', '620723104', '620723106'];
/** WORKFLOW_BENCH_COORDINATORS=1 gives each action's breakdown without contention. */
const COORDINATORS = Number(process.env.WORKFLOW_BENCH_COORDINATORS ?? 20);
const VOLUNTEERS = 200;
/** Needs on one page of the console's board (web/src/pages/board.ts). */
const BOARD_PAGE = 20;
/** Batch requests of 50 needs measured after the morning. */
const BATCH_SAMPLES = Number(process.env.WORKFLOW_BENCH_BATCH_SAMPLES ?? 20);
/**
 * WORKFLOW_BENCH_SETTLE=1 waits for the follow-ups of earlier actions (index patches, proposals, outbox)
 * before each call: an action's own cost, apart from the work that follows the answers before it.
 */
const SETTLE = process.env.WORKFLOW_BENCH_SETTLE === '1';
const auth = createAuth({
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
  ACCESS_TOKEN_TTL_SECONDS: 7200,
  REFRESH_TOKEN_TTL_DAYS: 1,
});
const admin = { userId: 'bench', sessionId: 'bench', role: 'admin' as const, countyCode: COUNTY, displayName: '基准' };

/** One timed call: the client's wall time and the server's own breakdown from Server-Timing. */
interface Sample {
  /** The costliest commands the server named (`db.find.needs` → ms). */
  commands?: Record<string, number>;
  clientMs: number;
  serverMs: number;
  dbCount: number;
  dbMs: number;
  status: number;
}

function parseServerTiming(header: string | null): { total: number; db: number; dbCount: number } {
  const total = Number(/total;dur=([\d.]+)/.exec(header ?? '')?.[1] ?? NaN);
  const db = Number(/db;dur=([\d.]+)/.exec(header ?? '')?.[1] ?? NaN);
  const dbCount = Number(/db;[^,]*desc="(\d+) round trips"/.exec(header ?? '')?.[1] ?? NaN);
  return { total, db, dbCount };
}

/** Mints a session and token for an existing user, without signing in (no scrypt per account). */
async function tokenFor(user: {
  _id: unknown;
  role: 'coordinator' | 'volunteer' | 'admin' | 'organisation' | 'charity';
  countyCode: string;
  stationCode?: string | null;
  subjectId?: string | null;
  displayName: string;
}): Promise<string> {
  const session = await SessionModel.create({
    userId: String(user._id),
    refreshTokenHash: `bench-${String(user._id)}-${Math.random()}`,
    expiresAt: new Date(Date.now() + 7_200_000),
  });
  return auth.signer.sign(
    {
      sub: String(user._id),
      sid: String(session._id),
      role: user.role,
      cty: user.countyCode,
      stn: user.stationCode ?? undefined,
      subj: user.subjectId ?? undefined,
      name: user.displayName,
    },
    7200,
  );
}

/** Volunteers beyond the demo's, so 200 phones are connected; all-week availability, near their station. */
async function topUpVolunteers(count: number, centres: Map<string, { lat: number; lng: number }>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const stationCode = STATIONS[i % STATIONS.length]!;
    const c = centres.get(stationCode) ?? { lat: 39.15, lng: 100.16 };
    const doc = await registerVolunteer({
      auth,
      input: {
        phone: `1980${String(i).padStart(7, '0')}`,
        password: 'bench-pass-2026',
        stationCode,
        name: `志愿者${i}`,
        skills: ['送餐', '做饭', '买菜', '打扫', '陪聊', '上门探访', '陪同就医'],
        description: '就近上门帮忙，送餐、打扫、陪老人聊天',
        certifications: [],
        availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '06:00', end: '22:00' })),
        datesOff: [],
        location: { lat: c.lat + ((i % 7) - 3) * 0.004, lng: c.lng + ((i % 5) - 2) * 0.004 },
        radiusKm: 15,
        maxActive: 20,
      },
    });
    await approveVolunteer({ actor: admin, id: String(doc._id) });
  }
}

/** Runs the workflow benchmark and returns its figures. */
export async function runWorkflowBench(): Promise<Record<string, number | string>> {
  const rounds = Number(process.env.WORKFLOW_BENCH_ROUNDS ?? 3);
  const layout = process.env.FERRETDB_BACKEND === 'postgresql' ? 'postgresql' : 'sqlite';
  const server = await startBenchServer(layout);
  // As main.ts decides; WRITES_OVERLAP=1/0 forces either way (to compare on one layout).
  setWritesOverlap(process.env.WRITES_OVERLAP ? process.env.WRITES_OVERLAP === '1' : layout === 'postgresql');
  // 503s under load are counted in `failures`; their log lines would bury the figures.
  const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'fatal');
  const dbName = `bench_workflow_${Date.now()}`;
  const sockets: Socket[] = [];
  try {
    await connectDatabase({ uri: server.uri, dbName, log });
    await ensureIndexes();
    await loadStationsFromDivisions();
    await seedCommunityDemo({ countyCode: COUNTY, auth });
    await seedSupplyDemo({ countyCode: COUNTY, auth });

    const app = createApp({ log, auth });
    const http = await listen(app, { host: '127.0.0.1', port: 0, log });
    const live = attachLive(http.server, { auth, log });
    const url = `http://127.0.0.1:${http.port}`;
    try {
      const db = mongoose.connection.db!;
      const needs = db.collection<{ stationCode: string; location?: { lat: number; lng: number }; status: string }>('needs');
      const centres = new Map<string, { lat: number; lng: number }>();
      for (const s of STATIONS) {
        const n = await needs.findOne({ stationCode: s, location: { $exists: true } });
        if (n?.location) centres.set(s, n.location);
      }
      const existing = await UserModel.countDocuments({ role: 'volunteer' });
      await topUpVolunteers(Math.max(0, VOLUNTEERS - existing), centres);

      // Accounts and sockets: 20 coordinators over the three stations, every volunteer's phone.
      const coordinatorTokens: { token: string; station: string }[] = [];
      for (let i = 0; i < COORDINATORS; i++) {
        const station = STATIONS[i % STATIONS.length]!;
        const user = await UserModel.create({
          username: `bench-coord-${i}`,
          passwordHash: 'x',
          role: 'coordinator',
          displayName: `社工${i}`,
          countyCode: COUNTY,
          stationCode: station,
        });
        coordinatorTokens.push({ token: await tokenFor(user.toObject()), station });
      }
      const adminUser = await UserModel.create({
        username: 'bench-admin',
        passwordHash: 'x',
        role: 'admin',
        displayName: '县民政局',
        countyCode: COUNTY,
      });
      const adminToken = await tokenFor(adminUser.toObject());
      const volunteerUsers = await UserModel.find({ role: 'volunteer' }).lean();
      const volunteerTokens = new Map<string, string>();
      for (const u of volunteerUsers) if (u.subjectId) volunteerTokens.set(u.subjectId, await tokenFor(u));

      // The board's county mirrors of the demo county, loaded before the morning: their memory.
      const demoMirror = await mirrorMemory(async () => {
        await Promise.all([needMirror.read(COUNTY), assignmentMirror.read(COUNTY)]);
      });

      const arrivals = new Map<string, number>();
      const open = async (token: string, record: boolean) => {
        const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        if (record)
          socket.on('event', (e: { type: string; payload: { assignmentId?: string } }) => {
            if (e.type === 'assignment.created' && e.payload.assignmentId && !arrivals.has(e.payload.assignmentId))
              arrivals.set(e.payload.assignmentId, performance.now());
          });
        await new Promise<void>((resolve, reject) => {
          socket.once('ready', () => resolve());
          socket.once('connect_error', reject);
        });
        sockets.push(socket);
      };
      for (const c of coordinatorTokens) await open(c.token, false);
      for (const token of volunteerTokens.values()) await open(token, true);

      const samples = new Map<string, Sample[]>();
      const failures = new Map<string, number>();
      const call = async (action: string, token: string, method: string, path: string, body?: unknown) => {
        if (SETTLE) await followUpsSettled();
        const t = performance.now();
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const json: unknown = await res.json().catch(() => null);
        const clientMs = performance.now() - t;
        const header = res.headers.get('server-timing');
        const st = parseServerTiming(header);
        const commands = Object.fromEntries([...(header ?? '').matchAll(/(db\.[^;,\s]+);dur=([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])]));
        if (res.status >= 400) failures.set(`${action}${res.status}`, (failures.get(`${action}${res.status}`) ?? 0) + 1);
        const list = samples.get(action) ?? [];
        list.push({ commands, clientMs, serverMs: st.total, dbCount: st.dbCount, dbMs: st.db, status: res.status });
        samples.set(action, list);
        return { status: res.status, json, startedAt: t, clientMs };
      };

      // Needs to work on: each coordinator creates its own for the rounds (so no two race for one need).
      const pushFromStart: number[] = [];
      const assignLatency: number[] = [];
      const categories = ['meal', 'daily_care', 'visiting', 'emotional'] as const;
      const communityOf = new Map<string, string>();
      for (const s of STATIONS) {
        const n = await db.collection<{ communityCode: string }>('needs').findOne({ stationCode: s });
        if (n) communityOf.set(s, n.communityCode);
      }
      const needBody = (station: string, i: number) => ({
        communityCode: communityOf.get(station),
        category: categories[i % categories.length],
        title: `上门帮忙 ${i}`,
        description: '独居老人需要有人上门送餐、打扫和陪伴聊天',
        groups: ['独居老人'],
        urgency: 'normal',
        location: centres.get(station) ?? { lat: 39.15, lng: 100.16 },
      });

      const morningStart = performance.now();
      await Promise.all(
        coordinatorTokens.map(async (c, ci) => {
          // Coordinators arrive over the first seconds of the morning, not in one instant.
          await new Promise((res) => setTimeout(res, ci * 250));
          for (let r = 0; r < rounds; r++) {
            // The board as the console loads it: a page of needs, the counts and assignments; the
            // suggestions of every need on the page in one batch request as soon as the page is known.
            const b0 = performance.now();
            await Promise.all([
              call('needsList', c.token, 'GET', `/api/needs?status=open,matching&sort=-urgency&limit=${BOARD_PAGE}`).then(async (page) => {
                const items = (page.json as { items?: { id: string }[] } | null)?.items ?? [];
                if (items.length)
                  await call('boardBatch', c.token, 'POST', '/api/matching/suggestions', { needIds: items.map((n) => n.id), top: 3 });
              }),
              call('needCounts', c.token, 'GET', '/api/needs/counts'),
              call('assignmentsList', c.token, 'GET', '/api/assignments?limit=30'),
            ]);
            const list = samples.get('boardLoad') ?? [];
            list.push({ clientMs: performance.now() - b0, serverMs: NaN, dbCount: NaN, dbMs: NaN, status: 200 });
            samples.set('boardLoad', list);

            const created = await call('createNeed', c.token, 'POST', '/api/needs', needBody(c.station, ci * 100 + r));
            const needId = (created.json as { id?: string } | null)?.id;
            if (!needId) continue;
            const sugg = await call('oneNeed', c.token, 'GET', `/api/needs/${needId}/suggestions?top=5`);
            const suggested = Array.isArray(sugg.json) ? (sugg.json as { kind: string; id: string }[]) : [];
            const pick = suggested.find((s) => s.kind === 'volunteer' && volunteerTokens.has(s.id));
            if (!pick) {
              failures.set('noVolunteerSuggested', (failures.get('noVolunteerSuggested') ?? 0) + 1);
              continue;
            }
            const assigned = await call('assign', c.token, 'POST', '/api/assignments', {
              needId,
              candidate: { kind: 'volunteer', id: pick.id },
            });
            const assignmentId = (assigned.json as { id?: string } | null)?.id;
            if (assigned.status !== 201 || !assignmentId) continue;
            assignLatency.push(assigned.clientMs);
            const deadline = performance.now() + 30_000;
            while (!arrivals.has(assignmentId) && performance.now() < deadline) await new Promise((res) => setTimeout(res, 2));
            if (arrivals.has(assignmentId)) pushFromStart.push(arrivals.get(assignmentId)! - assigned.startedAt);

            const vt = volunteerTokens.get(pick.id)!;
            if ((ci + r) % 5 === 0) {
              await call('decline', vt, 'POST', `/api/assignments/${assignmentId}/decline`, { reason: '今天上午有事，去不了' });
              continue;
            }
            await call('accept', vt, 'POST', `/api/assignments/${assignmentId}/accept`);
            await call('start', vt, 'POST', `/api/assignments/${assignmentId}/start`);
            await call('complete', vt, 'POST', `/api/assignments/${assignmentId}/complete`, { hours: 1, feedback: '已送到' });
          }
        }),
      );
      const morningMs = performance.now() - morningStart;

      // The board with 50 needs on screen: their suggestions in one batch request, after the morning
      // (the index warm, the assignments of the morning stored), one coordinator at a time.
      const boardCoordinator = coordinatorTokens[0]!;
      const onScreen = await call('needsList50', boardCoordinator.token, 'GET', '/api/needs?status=open,matching&sort=-urgency&limit=50');
      const screenIds = ((onScreen.json as { items?: { id: string }[] } | null)?.items ?? []).map((n) => n.id);
      for (let i = 0; i < BATCH_SAMPLES && screenIds.length; i++)
        await call('boardBatch50', boardCoordinator.token, 'POST', '/api/matching/suggestions', { needIds: screenIds, top: 3 });

      // A search on the board (a head name, the last four digits of a phone): the one list read that still
      // reads the county's households (by name or phone), beside the needs from the mirror.
      for (const q of ['张', '王', '1234', '5678', '李']) {
        await call('needsSearch', boardCoordinator.token, 'GET', `/api/needs?q=${encodeURIComponent(q)}&limit=50`);
      }

      // The station's other actions, one person at a time after the morning: a visit, a need edited and
      // closed, a case opened, a referral, volunteers reviewed, and a county admin's export and erasure.
      await stationActions(call, boardCoordinator, adminToken);

      // The baseline, on the same server in the same run: one bare insertOne round trip.
      const bare = await MongoClient.connect(server.uri);
      let baselineInsertP50 = NaN;
      let baselineInsertP95 = NaN;
      try {
        const { insert } = await measureBareWrites(bare, dbName, 200);
        baselineInsertP50 = pct(insert, 50);
        baselineInsertP95 = pct(insert, 95);
      } finally {
        await bare.close();
      }

      const out: Record<string, number | string> = {
        layout,
        coordinators: COORDINATORS,
        volunteersConnected: volunteerTokens.size,
        rounds,
        morningSeconds: round(morningMs / 1000),
        bareInsertP50Ms: round(baselineInsertP50),
        bareInsertP95Ms: round(baselineInsertP95),
      };
      for (const [action, list] of samples) {
        const client = list.map((s) => s.clientMs);
        out[`${action}Count`] = list.length;
        out[`${action}P50Ms`] = round(pct(client, 50));
        out[`${action}P95Ms`] = round(pct(client, 95));
        out[`${action}P99Ms`] = round(pct(client, 99));
        const server = list.map((s) => s.serverMs).filter((x) => !Number.isNaN(x));
        if (server.length) {
          out[`${action}ServerP50Ms`] = round(pct(server, 50));
          out[`${action}ServerP95Ms`] = round(pct(server, 95));
          out[`${action}ServerP95VsBareInsert`] = round(pct(server, 95) / baselineInsertP50);
          out[`${action}DbRoundTripsP50`] = pct(
            list.map((s) => s.dbCount),
            50,
          );
          out[`${action}DbMsP50`] = round(
            pct(
              list.map((s) => s.dbMs),
              50,
            ),
          );
        }
      }
      // Per action, the commands that cost most in total across its samples.
      for (const [action, list] of samples) {
        const sum = new Map<string, number>();
        for (const s of list) for (const [k, v] of Object.entries(s.commands ?? {})) sum.set(k, (sum.get(k) ?? 0) + v);
        const top = [...sum].sort((a, b) => b[1] - a[1]).slice(0, 3);
        if (top.length) out[`${action}CostliestDb`] = top.map(([k, v]) => `${k}=${Math.round(v / list.length)}ms`).join(' ');
      }
      out.boardBatch50Needs = screenIds.length;
      const batch = (samples.get('boardBatch50') ?? []).map((s) => s.serverMs).filter((x) => !Number.isNaN(x));
      if (batch.length) {
        out.boardBatch50ServerP50VsBareInsert = round(pct(batch, 50) / baselineInsertP50);
        out.boardBatch50ServerP95VsBareInsert = round(pct(batch, 95) / baselineInsertP50);
      }
      out.pushFromWriteStartP99Ms = round(pct(pushFromStart, 99));
      out.assignOwnLatencyP99Ms = round(pct(assignLatency, 99));
      out.pushP99VsWriteP99 = round(pct(pushFromStart, 99) / pct(assignLatency, 99));
      out.failures = JSON.stringify(Object.fromEntries(failures));

      const first = coordinatorTokens[0]!;
      Object.assign(out, await concurrentAssigns(url, first, needBody, centres.get(first.station) ?? { lat: 39.15, lng: 100.16 }));
      Object.assign(out, await eventsStoredPerSecond(sockets.length));
      out.mirrorDemoNeeds = (await needMirror.read(COUNTY)).size;
      out.mirrorDemoAssignments = (await assignmentMirror.read(COUNTY)).size;
      out.mirrorDemoHeapMb = demoMirror.heapMb;
      out.mirrorDemoRssMb = demoMirror.rssMb;
      out.mirrorDemoLoadMs = demoMirror.ms;
      // Last: a synthetic county of 20,000 needs (a year of a busy county), so the scans above did not pay for it.
      Object.assign(out, await syntheticCountyMirror(20_000));
      out.rssMbAtEnd = round(process.memoryUsage().rss / 1_048_576);
      return out;
    } finally {
      // Work that followed the answers (outbox, proposals, index patches) finishes before the database goes.
      await followUpsSettled();
      sockets.forEach((s) => s.close());
      await live.close();
      await http.close(1000);
    }
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase().catch(() => undefined);
    await server.stop();
  }
}

/** 50 assigns of one volunteer slot at once (50 needs, a volunteer with maxActive 1): exactly one may win. */
async function concurrentAssigns(
  url: string,
  coordinator: { token: string; station: string },
  needBody: (station: string, i: number) => Record<string, unknown>,
  /** Where the volunteer lives: a volunteer without a location is not in the candidate pool. */
  home: { lat: number; lng: number },
): Promise<Record<string, number | string>> {
  const n = 50;
  const headers = { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' };
  const doc = await registerVolunteer({
    auth,
    input: {
      phone: '19899999999',
      password: 'bench-pass-2026',
      stationCode: coordinator.station,
      name: '只有一个名额',
      skills: ['送餐'],
      description: '只能接一单',
      certifications: [],
      availability: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '06:00', end: '22:00' })),
      datesOff: [],
      radiusKm: 15,
      maxActive: 1,
      location: home,
    },
  });
  await approveVolunteer({ actor: admin, id: String(doc._id) });
  const needIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/needs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(needBody(coordinator.station, 10_000 + i)),
    });
    needIds.push(((await res.json()) as { id: string }).id);
  }
  const lat: number[] = [];
  const statuses: number[] = [];
  const refusals = new Set<string>();
  const t0 = performance.now();
  await Promise.all(
    needIds.map(async (needId) => {
      const t = performance.now();
      const res = await fetch(`${url}/api/assignments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ needId, candidate: { kind: 'volunteer', id: String(doc._id) } }),
      });
      const body = await res.text();
      lat.push(performance.now() - t);
      statuses.push(res.status);
      if (res.status !== 201) refusals.add(/"code":"([a-z_]+)"/.exec(body)?.[1] ?? String(res.status));
    }),
  );
  return {
    concurrentAssigns: n,
    concurrentAssignWallMs: round(performance.now() - t0),
    concurrentAssignP50Ms: round(pct(lat, 50)),
    concurrentAssignP99Ms: round(pct(lat, 99)),
    concurrentAssign201: statuses.filter((s) => s === 201).length,
    concurrentAssign5xx: statuses.filter((s) => s >= 500).length,
    concurrentAssignRefusals: [...refusals].join(','),
    concurrentAssignStatuses: JSON.stringify(statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {})),
  };
}

/** Events stored per second: a burst of 500 published at once, as the push bench measures it. */
async function eventsStoredPerSecond(clients: number): Promise<Record<string, number>> {
  const burst = 500;
  const t0 = performance.now();
  await publishBurst(publish, COUNTY, STATIONS, burst);
  return { eventsStoredPerSec: Math.round(burst / ((performance.now() - t0) / 1000)), socketsConnectedDuringBurst: clients };
}

/** A forced collection, so heap figures are what is retained (the flag can be set at run time). */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

/** Heap and RSS retained by `load` (MB, after a collection on both sides), and its time. */
async function mirrorMemory(load: () => Promise<unknown>): Promise<{ heapMb: number; rssMb: number; ms: number }> {
  collectGarbage();
  const before = process.memoryUsage();
  const t = performance.now();
  await load();
  const ms = performance.now() - t;
  collectGarbage();
  const after = process.memoryUsage();
  return {
    heapMb: round((after.heapUsed - before.heapUsed) / 1_048_576),
    rssMb: round((after.rss - before.rss) / 1_048_576),
    ms: round(ms),
  };
}

/** Memory of the needs mirror of a synthetic county of `count` needs with realistic text and history. */
async function syntheticCountyMirror(count: number): Promise<Record<string, number>> {
  const countyCode = '620799';
  const stationCode = `${countyCode}101`;
  const now = Date.now();
  const records: PlacedNeedRecord[] = Array.from({ length: count }, (_, i) => ({
    countyCode,
    stationCode,
    communityCode: `${stationCode}2${String(i % 20).padStart(2, '0')}`,
    householdId: new Types.ObjectId().toHexString(),
    category: 'meal',
    title: `独居老人每天中午需要送餐上门 ${i}`,
    description: '老人腿脚不便，独自居住，子女在外地打工，希望有人每天中午送一份热饭，顺便看看老人身体情况。',
    groups: ['独居老人', '高龄老人'],
    urgency: 'normal',
    location: { lat: 39.15 + (i % 100) * 0.001, lng: 100.16 + (i % 77) * 0.001 },
    schedule: {
      kind: 'recurring',
      windows: [
        { day: 1, start: '11:00', end: '13:00' },
        { day: 3, start: '11:00', end: '13:00' },
      ],
      dueBy: null,
    },
    skills: ['送餐', '做饭'],
    quantity: null,
    status: 'fulfilled',
    source: 'survey',
    closeReason: null,
    history: [
      { at: new Date(now - 3e8), by: 'u1', from: 'open', to: 'assigned', note: '指派' },
      { at: new Date(now - 2e8), by: 'u2', from: 'assigned', to: 'in_progress', note: '开始服务' },
      { at: new Date(now - 1e8), by: 'u2', from: 'in_progress', to: 'fulfilled', note: '服务完成' },
    ],
    revision: 3,
    urgencyRank: 1,
    dueMs: 8.64e15,
    sourceKey: `synthetic:${i}`,
    surveyResponseId: null,
    importJobId: null,
    createdBy: 'bench',
  }));
  for (let i = 0; i < records.length; i += 2000) await needRecords.insertMany(records.slice(i, i + 2000));
  records.length = 0;
  const m = await mirrorMemory(() => needMirror.read(countyCode));
  return {
    mirrorSyntheticNeeds: (await needMirror.read(countyCode)).size,
    mirrorSyntheticHeapMb: m.heapMb,
    mirrorSyntheticRssMb: m.rssMb,
    mirrorSyntheticLoadMs: m.ms,
  };
}

type Call = (action: string, token: string, method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

/**
 * A station's everyday actions besides the assignment flow, timed like the morning's (Server-Timing):
 * five of each, on demo households of the coordinator's station. Pending volunteers are registered
 * first so the reviews have someone to approve or reject.
 */
async function stationActions(call: Call, coordinator: { token: string; station: string }, adminToken: string): Promise<void> {
  const N = 5;
  const db = mongoose.connection.db!;
  const households = await db
    .collection<{ _id: unknown; headName: string }>('households')
    .find({ stationCode: coordinator.station, archivedAt: null })
    .limit(N * 2)
    .toArray();
  const idOf = (json: unknown) => (json as { id?: string } | null)?.id ?? '';
  for (let i = 0; i < N; i++) {
    const h = households[i];
    if (!h) break;
    const householdId = String(h._id);
    await call('recordVisit', coordinator.token, 'POST', '/api/visits/records', {
      householdId,
      visitedAt: new Date().toISOString(),
      mode: 'home',
      note: '老人身体尚可，按时吃药',
    });
    const need = await call('createNeed', coordinator.token, 'POST', '/api/needs', {
      householdId,
      category: 'visiting',
      title: `探访 ${i}`,
      description: '独居老人希望每周有人上门聊天',
      groups: ['独居老人'],
      urgency: 'normal',
    });
    await call('editNeed', coordinator.token, 'PATCH', `/api/needs/${idOf(need.json)}`, { urgency: 'high' });
    await call('closeNeed', coordinator.token, 'POST', `/api/needs/${idOf(need.json)}/close`, { reason: 'met_elsewhere' });
    await call('openCase', coordinator.token, 'POST', '/api/cases', { householdId, personName: h.headName, summary: '独居，需要定期关心' });
    await call('sendReferral', coordinator.token, 'POST', '/api/referrals', {
      householdId,
      target: { kind: 'disability' },
      request: '申请辅具评估',
    });
    const pending = await registerVolunteer({
      auth,
      input: {
        phone: `1970${String(i).padStart(7, '0')}`,
        password: 'bench-pass-2026',
        stationCode: coordinator.station,
        name: `待审志愿者${i}`,
        skills: ['陪聊'],
        description: '周末可以上门陪老人聊天',
        certifications: [],
        availability: [{ day: 6, start: '09:00', end: '17:00' }],
        datesOff: [],
        radiusKm: 5,
        maxActive: 2,
      },
    });
    const review = i % 2 === 0 ? 'approveVolunteer' : 'rejectVolunteer';
    await call(review, coordinator.token, 'POST', `/api/volunteers/${String(pending._id)}/${i % 2 === 0 ? 'approve' : 'reject'}`, {
      note: '已核实',
    });
    const other = households[N + i];
    if (other) {
      await call('exportHousehold', adminToken, 'GET', `/api/privacy/households/${String(other._id)}/export`);
      await call('eraseHousehold', adminToken, 'POST', `/api/privacy/households/${String(other._id)}/erase`, {
        confirm: true,
        reason: '本人书面申请删除',
      });
    }
  }
}
