import path from 'node:path';
import { z } from 'zod';

/** Boolean env values as people write them ("true"/"1"/"yes"). */
const envBoolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting of the service, read from the environment once at start-up. */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, used as is (real MongoDB, Atlas, a replica set); no local server is started. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Database name when MONGODB_URI does not name one. */
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('wushe'),
  /** Where the local FerretDB keeps its SQLite files, so a restart loses nothing. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Path of a FerretDB binary; default: .tools/ferretdb-v1.24.1-idfix1, built on first start when Go is present. */
  FERRETDB_BIN: z.string().min(1).optional(),
  /** Storage of the local FerretDB: embedded SQLite files (default) or PostgreSQL, the layout for a busy county. */
  FERRETDB_BACKEND: z.enum(['sqlite', 'postgresql']).default('sqlite'),
  /** With FERRETDB_BACKEND=postgresql: an existing server (postgres://...); absent, a private cluster runs in DATA_DIR/postgres. */
  POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Connections the service opens to the database (the driver's default is 100). */
  DB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  /** How long in-flight requests may run after SIGTERM/SIGINT before sockets are destroyed. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Server-side time limit of each database read/count/aggregate (maxTimeMS). */
  DB_MAX_TIME_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** The driver gives up on a database reply after this long (writes included; a stopped server). */
  DB_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How long an operation waits for a reachable database server. */
  DB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** Secret for signing access tokens; generated per process when absent (tokens then die with it). Required in production. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Password of the county admin created on first start; generated and printed once when absent. */
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  /** County (6-digit code) whose admin is created on first start. */
  ADMIN_COUNTY_CODE: z
    .string()
    .regex(/^\d{6}$/)
    .default('620723'),
  /** Run scheduled jobs in this process (turn off for API-only replicas). */
  JOBS_ENABLED: envBoolean.default(true),
  /**
   * Build every open station's matching index in the background at start-up, so the first suggestions
   * of a county do not wait for it. Unset: on, except under NODE_ENV=test (tests build what they use).
   */
  MATCHING_WARM_INDEX: envBoolean.optional(),
  /**
   * How often the in-memory county copies of needs and assignments the board reads from are reloaded as
   * a safety net for a write no event announced (off the request path; 0 turns the reload off).
   */
  BOARD_MIRROR_RELOAD_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Redis shared by several instances (live push, throttles); unset: one instance, all in memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Days live events are kept for reconnect catch-up before scheduled deletion. */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
});

/** The validated, typed configuration. */
export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

/** Thrown when an environment variable holds a bad value; the message names each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration: ' + problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    this.name = 'ConfigError';
  }
}

/** Whether a MongoDB URI carries a username and password (mongodb://user:pass@host/...). */
function hasCredentials(uri: string): boolean {
  return /^mongodb(\+srv)?:\/\/[^/@]+:[^/@]+@/.test(uri);
}

/**
 * What production needs beyond well-formed values: a fixed JWT secret (a generated one logs everybody
 * out at every restart and differs between instances), and a database that needs credentials (the
 * built-in FerretDB is for development: SQLite files, no authentication).
 */
function productionProblems(config: z.infer<typeof ConfigSchema>): { variable: string; message: string }[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: { variable: string; message: string }[] = [];
  if (!config.JWT_SECRET) problems.push({ variable: 'JWT_SECRET', message: 'required in production (at least 32 random characters)' });
  if (!config.MONGODB_URI) {
    problems.push({ variable: 'MONGODB_URI', message: 'required in production: a MongoDB or FerretDB server with credentials' });
  } else if (!hasCredentials(config.MONGODB_URI)) {
    problems.push({ variable: 'MONGODB_URI', message: 'must carry credentials in production (mongodb://user:password@host/db)' });
  }
  return problems;
}

/** Parses the environment into a Config, or throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const production = productionProblems(result.data);
  if (production.length) throw new ConfigError(production);
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}
