/**
 * `npx tsx scripts/start-postgres.ts [clusterDir]`: initialises (first time) and runs a private PostgreSQL
 * cluster for FerretDB's postgresql backend, listening only on a Unix socket in clusterDir (default
 * ./data/postgres), and prints the POSTGRES_URL to give the service or the test suite. Stops on Ctrl-C.
 * `npm start` with FERRETDB_BACKEND=postgresql and no POSTGRES_URL does this by itself; this script is for
 * keeping one cluster across many test runs or service restarts.
 */
import path from 'node:path';
import { startPostgres } from '../src/db/postgres.js';
import { createLogger } from '../src/logger.js';

const clusterDir = path.resolve(process.argv[2] ?? 'data/postgres');
const log = createLogger(process.env.LOG_LEVEL ?? 'info');
const pg = await startPostgres({ clusterDir, log });
process.stdout.write(`POSTGRES_URL='${pg.url}'\n`);
process.stdout.write(`FERRETDB_BACKEND=postgresql POSTGRES_URL='${pg.url}' npm start\n`);
const stop = () => void pg.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const { code, signal } = await pg.exited;
process.stderr.write(`PostgreSQL exited (code ${code}, signal ${signal})\n`);
process.exit(code ?? 1);
