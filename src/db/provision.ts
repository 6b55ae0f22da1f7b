import path from 'node:path';
import type { Logger } from '../logger.js';
import { ensureFerretdbBinary, hasCommand, type FerretdbBackend } from './ferretdb.js';
import { startPostgres, type LocalPostgres } from './postgres.js';
import { superviseFerretdb } from './supervisor.js';

/** Where the database comes from and how to let it go. */
export interface ProvisionedDatabase {
  uri: string;
  /** "env" = MONGODB_URI; "ferretdb" = local FerretDB; "memory-server" = mongodb-memory-server. */
  source: 'env' | 'ferretdb' | 'memory-server';
  /** Stops the local server, if this process started one (call after requests have drained). */
  stop(): Promise<void>;
}

/** Raised when no database can be had; its message tells a person what to do. */
export class NoDatabaseError extends Error {
  constructor(detail: string) {
    super(
      'No database is available. Set MONGODB_URI to a MongoDB-compatible server, for example ' +
        'MONGODB_URI="mongodb://127.0.0.1:27017/wushe" for a local MongoDB 7/8, a replica set URI, ' +
        'or an Atlas "mongodb+srv://" URI; or install Go so the service can build and start its ' +
        `local FerretDB (npm run ferretdb:build). Detail: ${detail}`,
    );
    this.name = 'NoDatabaseError';
  }
}

/**
 * Resolves the MongoDB URI the service uses, in order: MONGODB_URI as is; a local FerretDB
 * (SQLite files under dataDir); mongodb-memory-server with a persistent dbPath where it is
 * installed; otherwise NoDatabaseError.
 */
export async function provisionDatabase(opts: {
  mongodbUri?: string;
  dataDir: string;
  ferretdbBin?: string;
  /** The local FerretDB's storage: embedded SQLite (default) or PostgreSQL (a busy county). */
  backend?: 'sqlite' | 'postgresql';
  /** With the postgresql backend: an existing server's URL; absent, a private cluster is started in dataDir/postgres. */
  postgresUrl?: string;
  log: Logger;
  /** Called when the local FerretDB died and could not be restarted. */
  onDatabaseLost?: (err: Error) => void;
}): Promise<ProvisionedDatabase> {
  if (opts.mongodbUri) {
    return { uri: opts.mongodbUri, source: 'env', stop: async () => {} };
  }
  const bin = ensureFerretdbBinary(opts.ferretdbBin, opts.log);
  if (bin) {
    const onGiveUp = opts.onDatabaseLost ?? ((err: Error) => opts.log.fatal({ err }, 'local database lost'));
    let postgres: LocalPostgres | undefined;
    let backend: FerretdbBackend = { kind: 'sqlite' };
    let stopping = false;
    if (opts.backend === 'postgresql') {
      if (!opts.postgresUrl) {
        postgres = await startPostgres({ clusterDir: path.join(opts.dataDir, 'postgres'), log: opts.log });
        // FerretDB restarts on its own; a lost PostgreSQL is a lost database (the process exits non-zero).
        void postgres.exited.then(({ code, signal }) => {
          if (!stopping) onGiveUp(new Error(`PostgreSQL exited unexpectedly (code ${code}, signal ${signal})`));
        });
      }
      backend = { kind: 'postgresql', url: opts.postgresUrl ?? postgres!.url };
    }
    const server = await superviseFerretdb({ bin, dataDir: path.join(opts.dataDir, 'ferretdb'), log: opts.log, backend, onGiveUp });
    return {
      uri: server.uri,
      source: 'ferretdb',
      stop: async () => {
        stopping = true;
        await server.stop();
        await postgres?.stop();
      },
    };
  }
  const memory = await tryMemoryServer(path.join(opts.dataDir, 'mongod'));
  if (memory) return memory;
  throw new NoDatabaseError(
    hasCommand('go') ? 'building FerretDB failed (see the output above)' : 'neither Go nor mongodb-memory-server is available',
  );
}

/** mongodb-memory-server is an optional extra for machines with internet and no Go. */
async function tryMemoryServer(dbPath: string): Promise<ProvisionedDatabase | undefined> {
  const moduleName = 'mongodb-memory-server';
  try {
    // Variable specifier: the package is deliberately not a dependency of the project.
    const mod = (await import(moduleName)) as {
      MongoMemoryServer: {
        create(o: unknown): Promise<{ getUri(): string; stop(o?: unknown): Promise<boolean> }>;
      };
    };
    const fs = await import('node:fs');
    fs.mkdirSync(dbPath, { recursive: true });
    const server = await mod.MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
    return {
      uri: server.getUri(),
      source: 'memory-server',
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch {
    return undefined;
  }
}
