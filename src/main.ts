import { createApp } from './app.js';
import { createAuth } from './auth/create.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase, databaseNameFromUri, disconnectDatabase, ensureIndexes, serverInfo } from './db/connect.js';
import { setWritesOverlap } from './db/write-overlap.js';
import { provisionDatabase } from './db/provision.js';
import { followUpsSettled } from './events/bus.js';
import { createLogger, setProcessLogger } from './logger.js';
import { logFailure } from './shared/log-failure.js';
import { buildTaskRegistry } from './jobs/registry.js';
import { Scheduler } from './jobs/scheduler.js';
import { attachLive } from './live/socket-server.js';
import { warmIndexes } from './matching/index-cache.js';
import { warmRoomSequences } from './events/log.js';
import { connectRedis } from './redis/client.js';
import { listen } from './server.js';
import { startMirrorReloads, warmMirrors } from './shared/county-mirror.js';
import { stationRepository } from './stations/repository.js';

/**
 * Process entry: config → database → HTTP. On SIGTERM/SIGINT it drains in-flight requests first and
 * stops its database last (FerretDB runs in its own process group, so a signal to the whole group does
 * not stop it early). A crash, or a local database that cannot be restarted, exits non-zero.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  setProcessLogger(log);
  // Until the HTTP server runs, losing the database simply fails the start.
  let onDatabaseLost: (err: Error) => void = (err) => {
    log.fatal({ err }, 'database lost during start-up');
    process.exit(1);
  };
  const db = await provisionDatabase({
    mongodbUri: config.MONGODB_URI,
    dataDir: config.dataDir,
    ferretdbBin: config.FERRETDB_BIN,
    backend: config.FERRETDB_BACKEND,
    postgresUrl: config.POSTGRES_URL,
    log,
    onDatabaseLost: (err) => onDatabaseLost(err),
  });
  log.info({ source: db.source }, 'database provisioned');
  await connectDatabase({
    uri: db.uri,
    dbName: databaseNameFromUri(db.uri) ?? config.MONGODB_DB,
    log,
    maxPoolSize: config.DB_MAX_POOL_SIZE,
    timeouts: {
      maxTimeMS: config.DB_MAX_TIME_MS,
      socketTimeoutMS: config.DB_SOCKET_TIMEOUT_MS,
      serverSelectionTimeoutMS: config.DB_SERVER_SELECTION_TIMEOUT_MS,
    },
  });
  // SQLite has one writer that makes a concurrent one sleep: an action's writes go one after the other there.
  // They overlap on the local PostgreSQL layout and on MongoDB itself; a FerretDB behind MONGODB_URI may be
  // either layout, so it keeps the safe order.
  const server = db.source === 'ferretdb' ? null : await serverInfo();
  setWritesOverlap(db.source === 'ferretdb' ? config.FERRETDB_BACKEND === 'postgresql' : server?.name === 'MongoDB');
  await ensureIndexes();

  // Redis, when configured, is shared by every instance: throttles and live push go through it.
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, log) : undefined;
  const auth = createAuth(config, { store: { redis: redis?.client } });
  await bootstrap({ config, auth, log });
  // Built (and validated) even when jobs are off, so a misconfigured task stops every instance's start.
  const scheduler = new Scheduler(buildTaskRegistry(config), log);
  const app = createApp({ log, auth, scheduler });
  const http = await listen(app, { host: config.HOST, port: config.PORT, log });
  const live = attachLive(http.server, { auth, log, redis });
  // Where every room's numbering stands: one pass over the event log now, not one per room on first use.
  void warmRoomSequences().catch(logFailure('reading the event rooms’ positions', {}, log));
  if (config.JOBS_ENABLED) scheduler.start();
  const stopMirrorReloads = startMirrorReloads(config.BOARD_MIRROR_RELOAD_MS, log);
  if (config.MATCHING_WARM_INDEX ?? config.NODE_ENV !== 'test') {
    // Off the start-up path: the service answers at once; a request meanwhile waits only for its own station's build.
    const started = Date.now();
    void warmIndexes({ log })
      .then((r) => log.info({ ...r, ms: Date.now() - started }, 'matching indexes warm'))
      .catch(logFailure('warming the matching indexes', {}, log));
    // The board's county mirrors too (the counties with an open station), one scan each, in the background.
    void stationRepository
      .openStations()
      .then((stations) => warmMirrors([...new Set(stations.map((s) => s.countyCode))]))
      .then((mirrors) => log.info({ mirrors, ms: Date.now() - started }, 'board mirrors warm'))
      .catch(logFailure('warming the board mirrors', {}, log));
  }

  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ reason }, 'shutting down');
    await http.acceptWaiting();
    await scheduler.stop();
    stopMirrorReloads();
    // Requests drain while the database still runs; only then is it let go. HTTP first: socket.io's
    // close() closes the HTTP server too, at once, which would reset requests not yet read.
    await http.close(config.SHUTDOWN_TIMEOUT_MS);
    // Work that followed the answers (cache patches, proposals, the notifications outbox) finishes while
    // the database and live push still run; it may publish events of its own, which are waited for too.
    await followUpsSettled();
    await live.close();
    await redis?.close();
    await disconnectDatabase().catch(logFailure('closing the database connection', {}, log));
    await db.stop();
    log.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };
  onDatabaseLost = () => void shutdown('local database could not be restarted', 1);
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
}

main().catch((err: unknown) => {
  // One paragraph for people (e.g. NoDatabaseError), the stack for developers.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
