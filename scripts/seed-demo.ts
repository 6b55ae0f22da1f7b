/**
 * `npm run seed:demo`: loads a believable demo of 临泽县 into the configured database (the local
 * FerretDB unless MONGODB_URI is set), then prints the demo accounts. Safe to run twice.
 * Community side: households, needs, survey responses (src/demo/community.ts). Supply side:
 * volunteers, organisations, charities and resources (src/demo/supply.ts, when present).
 */
import { createAuth } from '../src/auth/create.js';
import { bootstrap } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, databaseNameFromUri, disconnectDatabase, ensureIndexes } from '../src/db/connect.js';
import { provisionDatabase } from '../src/db/provision.js';
import { seedCommunityDemo } from '../src/demo/community.js';
import { seedStationWorkDemo } from '../src/demo/station-work.js';
import { createLogger } from '../src/logger.js';

interface PrintedAccount {
  role: string;
  username: string;
  password: string;
  displayName: string;
}

/** The supply-side seed, when its module is in the tree (loaded by name so this script compiles without it). */
type SupplySeed = (opts: { countyCode: string; auth: ReturnType<typeof createAuth> }) => Promise<{ accounts: PrintedAccount[] }>;
async function loadSupplySeed(): Promise<SupplySeed | undefined> {
  const specifier = '../src/demo/supply.js';
  try {
    const mod = (await import(specifier)) as { seedSupplyDemo?: SupplySeed };
    return mod.seedSupplyDemo;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await provisionDatabase({
    mongodbUri: config.MONGODB_URI,
    dataDir: config.dataDir,
    ferretdbBin: config.FERRETDB_BIN,
    backend: config.FERRETDB_BACKEND,
    postgresUrl: config.POSTGRES_URL,
    log,
  });
  await connectDatabase({ uri: db.uri, dbName: databaseNameFromUri(db.uri) ?? config.MONGODB_DB, log });
  await ensureIndexes();
  const auth = createAuth(config);
  await bootstrap({ config, auth, log });
  const countyCode = '620723';

  const community = await seedCommunityDemo({ countyCode, auth });
  process.stdout.write(
    community.created
      ? `社区侧演示数据：${community.households} 户（重点对象 ${community.keyTargets} 户），需求 ${community.needs} 条，入户调查 ${community.surveyResponses} 份\n`
      : '社区侧演示数据已存在，未重复创建\n',
  );

  const work = await seedStationWorkDemo({ countyCode });
  if (work.created) {
    process.stdout.write(
      `社工站工作演示数据：探访任务 ${work.visitTasks} 条（记录 ${work.visitRecords} 条），个案 ${work.cases} 个，小组 ${work.groups} 个，社区活动 ${work.activities} 场，转介 ${work.referrals} 件\n`,
    );
  }

  // Supply side (volunteers, organisations, charities): seeded by src/demo/supply.ts.
  const accounts: PrintedAccount[] = [...community.accounts];
  const seedSupplyDemo = await loadSupplySeed();
  if (seedSupplyDemo) accounts.push(...(await seedSupplyDemo({ countyCode, auth })).accounts);
  else process.stdout.write('（供给侧演示数据模块 src/demo/supply.ts 尚未提供，跳过志愿者、社会组织、慈善资源）\n');

  process.stdout.write('\n演示账号 / demo accounts:\n');
  for (const a of accounts) process.stdout.write(`  ${a.role.padEnd(12)} ${a.username.padEnd(18)} ${a.password}  ${a.displayName}\n`);
  await disconnectDatabase();
  await db.stop();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
