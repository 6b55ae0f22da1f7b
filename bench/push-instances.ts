/**
 * Cross-instance push benchmark: two app instances (src/main.ts as child processes) on one database
 * and one Redis. Coordinators' sockets sit on both; a coordinator creates needs over HTTP on instance
 * A, and we time from A's HTTP answer to each socket receiving `need.created`, on A (same instance)
 * and on B (through the Redis adapter).
 */
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { createAuth } from '../src/auth/create.js';
import { SessionModel, UserModel } from '../src/auth/models.js';
import { startLocalRedis } from '../src/redis/local.js';
import { StationModel } from '../src/stations/model.js';
import { SHARED_JWT_SECRET, startInstance, type AppInstance } from '../test/multi-instance/instances.js';
import { withBenchDatabase } from './database.js';

const COUNTY = '620723';
const auth = createAuth({ JWT_SECRET: SHARED_JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS: 3600, REFRESH_TOKEN_TTL_DAYS: 1 });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

async function coordinatorToken(stationCode: string, i: number): Promise<string> {
  const user = await UserModel.create({
    username: `bench-x-${stationCode}-${i}`,
    passwordHash: 'x',
    role: 'coordinator',
    displayName: '基准',
    countyCode: COUNTY,
    stationCode,
  });
  const session = await SessionModel.create({
    userId: String(user._id),
    refreshTokenHash: `bench-x-${user._id}`,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return auth.signer.sign(
    { sub: String(user._id), sid: String(session._id), role: 'coordinator', cty: COUNTY, stn: stationCode, name: '基准' },
    3600,
  );
}

/** Runs the cross-instance push benchmark and returns its figures. */
export async function runPushInstancesBench(): Promise<Record<string, number | string>> {
  const perInstance = Number(process.env.PUSH_INSTANCES_BENCH_CLIENTS ?? 100);
  const rounds = Number(process.env.PUSH_INSTANCES_BENCH_ROUNDS ?? 200);
  return withBenchDatabase('push_instances', async ({ uri }) => {
    const redis = await startLocalRedis();
    const opts = { mongoUri: uri, dbName: mongoose.connection.name, redisUrl: redis.url };
    const instances: AppInstance[] = [];
    const sockets: Socket[] = [];
    try {
      instances.push(await startInstance('A', opts));
      instances.push(await startInstance('B', opts));
      const [A, B] = instances as [AppInstance, AppInstance];
      const stationDocs = await StationModel.find({ countyCode: COUNTY }).sort({ code: 1 }).limit(5).lean();
      const stations = stationDocs.map((s) => s.code);
      const arrivals = new Map<string, { on: string; at: number }[]>();
      for (const instance of [A, B]) {
        for (let i = 0; i < perInstance; i++) {
          const token = await coordinatorToken(stations[i % stations.length]!, sockets.length);
          const socket = connect(instance.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          socket.on('event', (e: { type: string; payload: { id?: string } }) => {
            if (e.type !== 'need.created' || !e.payload.id) return;
            arrivals.set(e.payload.id, [...(arrivals.get(e.payload.id) ?? []), { on: instance.name, at: performance.now() }]);
          });
          await new Promise<void>((resolve, reject) => {
            socket.once('ready', () => resolve());
            socket.once('connect_error', reject);
          });
          sockets.push(socket);
        }
      }
      const perStation = (2 * perInstance) / stations.length;
      const writers = await Promise.all(stations.map((code, i) => coordinatorToken(code, 10_000 + i)));
      const sameInstance: number[] = [];
      const crossInstance: number[] = [];
      const sameFromStart: number[] = [];
      const crossFromStart: number[] = [];
      /** From the first socket on A to each socket on B: the hop through Redis alone. */
      const hop: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const i = r % stations.length;
        const start = performance.now();
        const res = await fetch(`${A.url}/api/needs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writers[i]}` },
          body: JSON.stringify({
            communityCode: stationDocs[i]!.communities[0]!.code,
            category: 'meal',
            title: `送餐上门 ${r}`,
            description: '独居老人需要每天中午送餐',
            groups: ['独居老人'],
            location: { lat: 39.15, lng: 100.16 },
          }),
        });
        const returned = performance.now();
        if (res.status !== 201) throw new Error(`bench push-instances: POST /api/needs answered ${res.status}: ${await res.text()}`);
        const id = ((await res.json()) as { id: string }).id;
        while ((arrivals.get(id)?.length ?? 0) < perStation) await new Promise((done) => setImmediate(done));
        const got = arrivals.get(id)!;
        const firstOnA = Math.min(...got.filter((a) => a.on === 'A').map((a) => a.at));
        for (const a of got) {
          (a.on === 'A' ? sameInstance : crossInstance).push(Math.max(0, a.at - returned));
          (a.on === 'A' ? sameFromStart : crossFromStart).push(a.at - start);
          if (a.on === 'B') hop.push(Math.max(0, a.at - firstOnA));
        }
      }
      return {
        instances: 2,
        clientsPerInstance: perInstance,
        writes: rounds,
        sameInstanceAfterWriteP50Ms: round(pct(sameInstance, 50)),
        sameInstanceAfterWriteP99Ms: round(pct(sameInstance, 99)),
        crossInstanceAfterWriteP50Ms: round(pct(crossInstance, 50)),
        crossInstanceAfterWriteP99Ms: round(pct(crossInstance, 99)),
        sameInstanceFromWriteStartP50Ms: round(pct(sameFromStart, 50)),
        sameInstanceFromWriteStartP99Ms: round(pct(sameFromStart, 99)),
        crossInstanceFromWriteStartP50Ms: round(pct(crossFromStart, 50)),
        crossInstanceFromWriteStartP99Ms: round(pct(crossFromStart, 99)),
        redisHopP50Ms: round(pct(hop, 50)),
        redisHopP99Ms: round(pct(hop, 99)),
      };
    } finally {
      sockets.forEach((s) => s.close());
      await Promise.all(instances.map((i) => i.stop()));
      await redis.stop();
    }
  });
}
