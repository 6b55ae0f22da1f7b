/**
 * Push benchmark: 1,000 socket.io clients on loopback (coordinators spread over the county's
 * stations), a coordinator creating needs over HTTP, and the time from the HTTP write returning to
 * each client of the station receiving `need.created`; then a burst for events per second.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../src/app.js';
import { createAuth } from '../src/auth/create.js';
import { SessionModel, UserModel } from '../src/auth/models.js';
import { publish } from '../src/events/bus.js';
import { publishBurst } from '../src/events/probe.js';
import { attachLive } from '../src/live/socket-server.js';
import { createLogger } from '../src/logger.js';
import { listen } from '../src/server.js';
import { StationModel } from '../src/stations/model.js';
import { withBenchDatabase } from './database.js';

const COUNTY = '620723';
const auth = createAuth({
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
  ACCESS_TOKEN_TTL_SECONDS: 3600,
  REFRESH_TOKEN_TTL_DAYS: 1,
});

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

/** Mints a token for a coordinator without the scrypt cost of signing in 1,000 times. */
async function coordinatorToken(stationCode: string, i: number): Promise<string> {
  const user = await UserModel.create({
    username: `bench-${stationCode}-${i}`,
    passwordHash: 'x',
    role: 'coordinator',
    displayName: '基准',
    countyCode: COUNTY,
    stationCode,
  });
  const session = await SessionModel.create({
    userId: String(user._id),
    refreshTokenHash: `bench-${user._id}`,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return auth.signer.sign(
    { sub: String(user._id), sid: String(session._id), role: 'coordinator', cty: COUNTY, stn: stationCode, name: '基准' },
    3600,
  );
}

/** Runs the push benchmark and returns its figures. */
export async function runPushBench(): Promise<Record<string, number | string>> {
  const clientsTotal = Number(process.env.PUSH_BENCH_CLIENTS ?? 1000);
  return withBenchDatabase('push', async () => {
    const log = createLogger('warn');
    const app = createApp({ log, auth });
    const http = await listen(app, { host: '127.0.0.1', port: 0, log });
    const live = attachLive(http.server, { auth, log });
    const url = `http://127.0.0.1:${http.port}`;
    const stationDocs = await StationModel.find({ countyCode: COUNTY }).sort({ code: 1 }).limit(10).lean();
    const stations = stationDocs.map((s) => s.code);
    const sockets: Socket[] = [];
    const arrivals = new Map<string, number[]>();
    try {
      for (let i = 0; i < clientsTotal; i++) {
        const station = stations[i % stations.length]!;
        const token = await coordinatorToken(station, i);
        const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        socket.on('event', (e: { payload: { probe?: string; id?: string } }) => {
          const key = e.payload.probe ?? e.payload.id;
          if (key) arrivals.set(key, [...(arrivals.get(key) ?? []), performance.now()]);
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('ready', () => resolve());
          socket.once('connect_error', reject);
        });
        sockets.push(socket);
      }
      const perStation = clientsTotal / stations.length;

      // Latency: one HTTP write (POST /api/needs) at a time; each reaches the clients of its station.
      const writers = await Promise.all(stations.map((code, i) => coordinatorToken(code, clientsTotal + i)));
      const afterReturn: number[] = [];
      const fromStart: number[] = [];
      const rounds = 100;
      for (let r = 0; r < rounds; r++) {
        const i = r % stations.length;
        const start = performance.now();
        const res = await fetch(`${url}/api/needs`, {
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
        if (res.status !== 201) throw new Error(`bench push: POST /api/needs answered ${res.status}: ${await res.text()}`);
        const probe = ((await res.json()) as { id: string }).id;
        while ((arrivals.get(probe)?.length ?? 0) < perStation) await new Promise((res) => setImmediate(res));
        for (const t of arrivals.get(probe)!) {
          afterReturn.push(Math.max(0, t - returned));
          fromStart.push(t - start);
        }
      }

      // Throughput: 500 events across all stations at once; count deliveries per second.
      const burst = 500;
      const t0 = performance.now();
      await publishBurst(publish, COUNTY, stations, burst);
      const expected = burst * perStation;
      const got = () => [...arrivals.keys()].filter((k) => k.startsWith('burst-')).reduce((n, k) => n + arrivals.get(k)!.length, 0);
      while (got() < expected) await new Promise((res) => setImmediate(res));
      const seconds = (performance.now() - t0) / 1000;

      return {
        clients: clientsTotal,
        stations: stations.length,
        latencyAfterWriteP50Ms: round(pct(afterReturn, 50)),
        latencyAfterWriteP99Ms: round(pct(afterReturn, 99)),
        latencyFromWriteStartP50Ms: round(pct(fromStart, 50)),
        latencyFromWriteStartP99Ms: round(pct(fromStart, 99)),
        burstEventsStored: burst,
        eventsStoredPerSec: Math.round(burst / seconds),
        deliveriesPerSec: Math.round(expected / seconds),
      };
    } finally {
      sockets.forEach((s) => s.close());
      await live.close();
      await http.close(1000);
    }
  });
}
