/**
 * `npm run restore -- --in backup.jsonl.gz`: loads a backup written by `npm run backup` into the
 * configured database, which must be EMPTY (a non-empty one is refused, nothing written). The file's
 * digest and counts are checked before the first write.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { connectDatabase, databaseNameFromUri, disconnectDatabase } from '../src/db/connect.js';
import { provisionDatabase } from '../src/db/provision.js';
import { createLogger } from '../src/logger.js';
import { databaseDigest, restoreDatabase } from '../src/privacy/backup.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { in: { type: 'string' } } });
  if (!values.in) {
    process.stderr.write('用法 / usage: npm run restore -- --in <file.jsonl.gz>\n');
    process.exit(64);
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await provisionDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.dataDir, ferretdbBin: config.FERRETDB_BIN, log });
  try {
    await connectDatabase({ uri: db.uri, dbName: databaseNameFromUri(db.uri) ?? config.MONGODB_DB, log });
    const restored = await restoreDatabase(values.in);
    const digest = await databaseDigest();
    const total = Object.values(restored.counts).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `恢复完成 / restored: ${Object.keys(restored.counts).length} collections, ${total} documents\n  content sha256 ${digest.sha256}\n`,
    );
  } finally {
    await disconnectDatabase();
    await db.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
