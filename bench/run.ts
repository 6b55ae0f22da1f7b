/**
 * `npm run bench [-- --only matcher]`: runs the registered benchmark modules, prints a table per module
 * and, as the last line, one JSON object `{module: figures}`. Add a module by appending to BENCHES.
 */
import { parseArgs } from 'node:util';

/** A benchmark module: a name and a run returning its figures. */
export interface Bench {
  name: string;
  run(): Promise<Record<string, number | string>>;
}

/**
 * Every benchmark module; others can be added here. Modules are imported when selected, so
 * `--only matcher` neither loads nor depends on the others.
 */
export const BENCHES: Bench[] = [
  { name: 'matcher', run: async () => (await import('./matcher.js')).runMatcherBench() },
  { name: 'push', run: async () => (await import('./push.js')).runPushBench() },
  { name: 'push-instances', run: async () => (await import('./push-instances.js')).runPushInstancesBench() },
  { name: 'import', run: async () => (await import('./import.js')).runImportBench() },
  { name: 'live', run: async () => (await import('./matcher-live.js')).runLiveIndexBench() },
  { name: 'province', run: async () => (await import('./province.js')).runProvinceBench() },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const selected = values.only ? BENCHES.filter((b) => values.only!.split(',').includes(b.name)) : BENCHES;
  if (!selected.length) {
    process.stderr.write(`bench: no module named ${values.only}; known: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  const all: Record<string, Record<string, number | string>> = {};
  for (const b of selected) {
    const figures = await b.run();
    all[b.name] = figures;
    process.stdout.write(`\n== ${b.name} ==\n`);
    const width = Math.max(...Object.keys(figures).map((k) => k.length));
    for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  }
  process.stdout.write(JSON.stringify(all) + '\n');
}

await main();
