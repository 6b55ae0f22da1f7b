import { createApp } from './app.js';
import { createAuth } from './auth/create.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase, databaseNameFromUri, disconnectDatabase, ensureIndexes } from './db/connect.js';
import { provisionDatabase } from './db/provision.js';
import { createLogger, setProcessLogger } from './logger.js';
import { buildTaskRegistry } from './jobs/registry.js';
import { Scheduler } from './jobs/scheduler.js';
import { attachLive } from './live/socket-server.js';
import { connectRedis } from './redis/client.js';
import { listen } from './server.js';

/** Process entry: config → database → HTTP; graceful shutdown on SIGTERM/SIGINT. */
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
  const db = await provisionDatabase({
    mongodbUri: config.MONGODB_URI,
    dataDir: config.dataDir,
    ferretdbBin: config.FERRETDB_BIN,
    log,
  });
  log.info({ source: db.source }, 'database provisioned');
  await connectDatabase({ uri: db.uri, dbName: databaseNameFromUri(db.uri) ?? config.MONGODB_DB, log });
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
  if (config.JOBS_ENABLED) scheduler.start();

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    await scheduler.stop();
    await Promise.all([http.close(config.SHUTDOWN_TIMEOUT_MS), live.close()]);
    await redis?.close();
    await disconnectDatabase().catch((err) => log.warn({ err }, 'database close failed'));
    await db.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  // One paragraph for people (e.g. NoDatabaseError), the stack for developers.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
