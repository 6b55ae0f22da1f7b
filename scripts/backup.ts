/**
 * `npm run backup -- --out backup.jsonl.gz [--allow-changes]`: writes every collection of the configured
 * database (the local FerretDB unless MONGODB_URI is set) to one gzip file of EJSON lines with a digest.
 * Take it from a quiesced instance (service stopped, or no writers): see src/privacy/backup.ts for what
 * "consistent" means on FerretDB. The file holds personal data: store it encrypted.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { connectDatabase, databaseNameFromUri, disconnectDatabase } from '../src/db/connect.js';
import { provisionDatabase } from '../src/db/provision.js';
import { createLogger } from '../src/logger.js';
import { backupDatabase } from '../src/privacy/backup.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'allow-changes': { type: 'boolean', default: false } } });
  if (!values.out) {
    process.stderr.write('用法 / usage: npm run backup -- --out <file.jsonl.gz> [--allow-changes]\n');
    process.exit(64);
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await provisionDatabase({ mongodbUri: config.MONGODB_URI, dataDir: config.dataDir, ferretdbBin: config.FERRETDB_BIN, log });
  try {
    await connectDatabase({ uri: db.uri, dbName: databaseNameFromUri(db.uri) ?? config.MONGODB_DB, log });
    const summary = await backupDatabase(values.out, { allowChanges: values['allow-changes'] });
    const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `备份完成 / backup written: ${values.out}\n  ${Object.keys(summary.counts).length} collections, ${total} documents, ${summary.bytes} bytes\n  sha256 ${summary.sha256}\n`,
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
